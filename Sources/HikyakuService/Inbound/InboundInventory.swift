// InboundInventory.swift — what the inbound spool holds, read for `inbound list` and `inbound show`; changes nothing.
import Foundation
import HikyakuBase
import HikyakuSpool

/// A read-only view of an `InboundSpool`: each stored message with its report or its reason.
/// Files can move while they are read (a worker is running): one that vanished is left out.
package struct InboundInventory: Sendable {
    /// The states `inbound list` shows, in order.
    package static let listedStates: [InboundState] = [.new, .done, .other, .quarantine]

    /// One stored message.
    package struct Entry: Sendable {
        package var name: InboundName
        package var state: InboundState
        /// Its size in bytes (as stored).
        package var size: Int
        /// The stored report document (`done/`, `other/`); nil before processing or when unreadable.
        package var record: [String: JSONValue]?
        /// Why it is in quarantine.
        package var reason: String?

        /// The classifier's report inside the record.
        package var report: [String: JSONValue]? { record?["report"]?.objectValue }
        /// `bounce`, `delayed`, `complaint`, `auto_reply` or `other`; nil before processing.
        package var kind: String? { report?["kind"]?.stringValue }
        /// `rfc3464`, `arf`, `rfc3834` or `text`.
        package var format: String? { report?["format"]?.stringValue }
        /// The recipients the report names (each an object as `inbound parse` prints it).
        package var recipients: [[String: JSONValue]] { report?["recipients"]?.arrayValue?.compactMap(\.objectValue) ?? [] }
        /// The hikyaku job the returned mail names, if any.
        package var job: String? { report?["original"]?.objectValue?["job"]?.stringValue }
    }

    /// The spool looked at.
    package let inbound: InboundSpool

    /// A view of `inbound`.
    package init(inbound: InboundSpool) {
        self.inbound = inbound
    }

    /// Every message in `states`, oldest first.
    package func entries(in states: [InboundState] = listedStates) throws(SpoolError) -> [Entry] {
        var entries: [Entry] = []
        for state in states {
            for name in try inbound.names(in: state) {
                if let entry = entry(name, in: state) { entries.append(entry) }
            }
        }
        return entries.sorted { ($0.name, Self.order($0.state)) < ($1.name, Self.order($1.state)) }
    }

    /// Message `name` wherever it is, or nil.
    package func entry(_ name: InboundName) -> Entry? {
        guard let state = inbound.locate(name) else { return nil }
        return entry(name, in: state)
    }

    /// Message `name` in `state`, or nil when it is not (or no longer) there.
    package func entry(_ name: InboundName, in state: InboundState) -> Entry? {
        guard let attributes = inbound.attributes(name, in: state) else { return nil }
        var entry = Entry(name: name, state: state, size: attributes.size, record: nil, reason: nil)
        if state == .done || state == .other, let data = try? inbound.report(name, in: state) {
            entry.record = (try? JSONValue.parse(data))?.objectValue
        }
        if state == .quarantine { entry.reason = inbound.reason(name) }
        return entry
    }

    private static func order(_ state: InboundState) -> Int { listedStates.firstIndex(of: state) ?? 0 }
}
