// InboundInventory+Message.swift — a stored message as `inbound show` prints it: chosen headers and readable parts, redacted.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuSpool

/// What `inbound show` prints of a message: never its bytes, only headers and the text of its
/// parts, each through `InboundRedaction` (links, codes and tokens out, addresses masked) and
/// with control characters escaped.
package struct InboundMessageView: Sendable {
    /// A shown header field.
    package struct Header: Sendable {
        package var name: String
        package var value: String
    }

    /// One part: its media type and nesting depth, the headers of a message it opens (a
    /// returned mail), or its text (a leaf text part).
    package struct Part: Sendable {
        package var type: String
        package var depth: Int
        package var headers: [Header]
        package var text: String?
    }

    /// The message's own headers.
    package var headers: [Header] = []
    package var parts: [Part] = []
    /// Why nothing (or not all) could be shown.
    package var problem: String?

    /// Headers shown, in this order; the rest (Received, DKIM, …) never holds what operators look for.
    static let shownHeaders = [
        "From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "Return-Path", "Delivered-To", "X-Original-To",
        "Auto-Submitted", "Content-Type",
    ]
    /// Machine-written reports: their digits (dates, status codes) are not codes of ours.
    static let reportTypes: Set<String> = ["message/delivery-status", "message/global-delivery-status", "message/feedback-report"]
    /// The most characters of one part's text shown.
    static let textLimit = 64 * 1024
}

extension InboundInventory {
    /// The message of `entry`, redacted; `problem` says why it is not shown (not a plain file,
    /// not a mail, gone).
    package func message(_ entry: Entry) -> InboundMessageView {
        var view = InboundMessageView()
        let bytes: [UInt8]
        do {
            bytes = try inbound.message(entry.name, in: entry.state)
        } catch {
            view.problem = "not shown: \(error.description)"
            return view
        }
        let root: InboundPart
        do {
            root = try InboundPart.parse(bytes)
        } catch {
            view.problem = "not shown: \(error.description)"
            return view
        }
        view.headers = Self.headers(root.headers)
        for child in root.children { walk(child, opensMessage: Self.opensMessage(root), into: &view) }
        if root.children.isEmpty { view.parts.append(Self.leaf(root)) }
        return view
    }

    private func walk(_ part: InboundPart, opensMessage: Bool, into view: inout InboundMessageView) {
        if opensMessage {
            view.parts.append(.init(type: "headers", depth: part.depth, headers: Self.headers(part.headers), text: nil))
        }
        if part.children.isEmpty {
            view.parts.append(Self.leaf(part))
            return
        }
        for child in part.children { walk(child, opensMessage: Self.opensMessage(part), into: &view) }
    }

    /// Whether `part`'s children are messages (a returned mail or its headers).
    private static func opensMessage(_ part: InboundPart) -> Bool {
        part.type.hasPrefix("message/") || part.type == "text/rfc822-headers"
    }

    private static func headers(_ headers: InboundHeaders) -> [InboundMessageView.Header] {
        InboundMessageView.shownHeaders.flatMap { name in
            headers.values(name).map { value in
                InboundMessageView.Header(
                    name: name, value: Sanitize.line(InboundRedaction.redact(HeaderDecoder.decodeWords(value)), limit: 1000))
            }
        }
    }

    private static func leaf(_ part: InboundPart) -> InboundMessageView.Part {
        let type = Sanitize.line(part.type, limit: 100)
        guard part.type.hasPrefix("text/") || part.type.hasPrefix("message/") else {
            return .init(type: type, depth: part.depth, headers: [], text: "(\(part.text.utf8.count) bytes of \(type), not shown)")
        }
        var text = InboundRedaction.redact(part.text, digits: !InboundMessageView.reportTypes.contains(part.type))
        if text.count > InboundMessageView.textLimit {
            text = String(text.prefix(InboundMessageView.textLimit)) + "\n(cut at \(InboundMessageView.textLimit) characters)"
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            Sanitize.line(line.hasSuffix("\r") ? String(line.dropLast()) : String(line), limit: 2000)
        }
        return .init(type: type, depth: part.depth, headers: [], text: lines.joined(separator: "\n"))
    }
}
