// TemplateContext.swift — the immutable stack of name → value frames a template renders against.
import Foundation

/// Frames of values, innermost last. Pushing returns a new context; nothing is ever mutated.
public struct TemplateContext: Sendable {
    private let frames: [[String: TemplateValue]]

    /// A context whose only frame is `root` (the job's variables).
    public init(_ root: [String: TemplateValue]) { frames = [root] }

    private init(frames: [[String: TemplateValue]]) { self.frames = frames }

    /// This context with `frame` on top; its names shadow the ones below.
    public func pushing(_ frame: [String: TemplateValue]) -> TemplateContext {
        TemplateContext(frames: frames + [frame])
    }

    /// The value `name` refers to, or nil when nothing on the stack answers to it.
    ///
    /// A dotted name `a.b.c` finds `a` in the innermost frame that has it, then walks into objects;
    /// if a later part is missing the lookup fails rather than searching outer frames (as in Mustache).
    public func value(for name: String) -> TemplateValue? {
        // Undotted names (nearly all) need no splitting.
        if !name.withUTF8Buffer({ $0.contains(UInt8(ascii: ".")) }) {
            for frame in frames.reversed() {
                if let value = frame[name] { return value }
            }
            return nil
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first,
            var value = frames.reversed().lazy.compactMap({ $0[first] }).first
        else { return nil }
        for part in parts.dropFirst() {
            guard case .object(let members) = value, let member = members[part] else { return nil }
            value = member
        }
        return value
    }

    /// Every top-level name visible on the stack, sorted (for "known: …" hints).
    public var names: [String] {
        Array(Set(frames.flatMap(\.keys))).sorted()
    }
}
