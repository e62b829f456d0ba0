// Operations+List.swift — `list`: the jobs of some states, narrowed by kind and time.
import Foundation
import HikyakuSpool

extension Operations {
    /// Which jobs `list` shows.
    public struct JobFilter: Sendable {
        /// The states looked in, in this order.
        public var states: [SpoolState]
        /// Only jobs of this kind, when set (entries without a readable kind never match).
        public var kind: String?
        /// Only jobs whose last activity (`SpoolEntry.lastActivity`) is at or after this.
        public var since: Date?
        /// Only jobs to this recipient (compared without case), when set.
        public var recipient: String?
        /// Only jobs for this login id, when set.
        public var loginID: String?

        /// A filter over `states` (default: every state a job can still be acted on in).
        public init(
            states: [SpoolState] = Operations.unsentStates, kind: String? = nil, since: Date? = nil, recipient: String? = nil,
            loginID: String? = nil
        ) {
            self.states = states
            self.kind = kind
            self.since = since
            self.recipient = recipient
            self.loginID = loginID
        }

        /// Whether `entry` passes every condition set.
        func matches(_ entry: SpoolEntry) -> Bool {
            (kind == nil || entry.kind == kind) && (since.map { entry.lastActivity >= $0 } ?? true)
                && (recipient.map { entry.recipient?.lowercased() == $0.lowercased() } ?? true)
                && (loginID.map { entry.loginID == $0 } ?? true)
        }
    }

    /// What `list` shows without a state: everything but `sent/` (and the producers' `tmp/`).
    public static let unsentStates: [SpoolState] = [.new, .active, .deferred, .hold, .failed, .bounced, .corrupt]

    /// The jobs matching `filter`, by state (in the filter's order), then oldest first.
    /// A file that moves while it is read is left out (it is listed in its next state next time).
    public func list(_ filter: JobFilter) throws(SpoolError) -> [SpoolEntry] {
        var result: [SpoolEntry] = []
        for state in filter.states {
            let entries = try inventory.entries(in: state).filter { entry in
                filter.matches(entry)
            }
            result += entries.sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
        }
        return result
    }
}
