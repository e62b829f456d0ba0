// Log.swift — one JSON line per event on stderr; the core receives a Log, never creates one.
import Foundation
import Synchronization

/// A structured event logger: each call writes one JSON object on one line.
///
/// Callers pass only operational fields (job id, kind, state, SMTP code and reply, durations).
/// Tokens, codes, full links and passwords are never handed to a `Log`; there is no API that
/// takes a message body.
public struct Log: Sendable {
    /// Where lines go.
    public enum Sink: Sendable {
        case standardError
        case none
        case collect(LineCollector)
    }

    private let sink: Sink
    private let clock: any Clock

    /// Creates a logger writing to `sink`, stamping lines with `clock`.
    public init(sink: Sink = .standardError, clock: any Clock = SystemClock()) {
        self.sink = sink
        self.clock = clock
    }

    /// A logger that drops everything (for commands whose stderr is for humans).
    public static let silent = Log(sink: .none)

    /// Writes one event line with `fields` (values: String, Int, Double, Bool or a `JSONValue`;
    /// nil values are left out). A line with a value of any other type, or a non-finite double,
    /// is not written.
    public func event(_ name: String, _ fields: [String: (any Sendable)?] = [:]) {
        if case .none = sink { return }
        // The members as pairs (no second dictionary to hash): the fields, then "time" and "event"
        // unless a field of that name replaces them.
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(fields.count + 2)
        var hasTime = false
        var hasEvent = false
        for (key, value) in fields {
            guard let value else { continue }
            guard let json = Self.json(value) else { return }
            members.append((key, json))
            hasTime = hasTime || key == "time"
            hasEvent = hasEvent || key == "event"
        }
        if !hasTime { members.append(("time", .string(Timestamp.iso8601(clock.now(), fractional: true)))) }
        if !hasEvent { members.append(("event", .string(name))) }
        guard var line = JSONText.objectBytes(members: members) else { return }
        line.append(0x0A)
        switch sink {
        case .standardError:
            // One write(2) for the line (as O_APPEND writers need); a line that cannot be written
            // is dropped, as FileHandle dropped it.
            try? Files.writeAll(line, to: 2, path: "standard error")
        case .collect(let collector):
            collector.append(String(decoding: line, as: UTF8.self))
        case .none:
            break
        }
    }
}

/// Collects log lines in memory (tests).
public final class LineCollector: Sendable {
    private let storage = Mutex<[String]>([])

    public init() {}

    /// Appends a line.
    public func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }

    /// Every line so far.
    public var lines: [String] {
        storage.withLock { $0 }
    }
}
