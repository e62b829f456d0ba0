// InboundSpool.swift — mail that comes back (bounces, complaints, replies), stored durably under <spool>/inbound/.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// A stored inbound message's state: the directory under `<spool>/inbound/` its file is in.
public enum InboundState: String, Sendable, CaseIterable {
    /// Being written; never read.
    case tmp
    /// Stored, waiting for the worker to classify it.
    case new
    /// Classified (bounce, delay, complaint, auto-reply): `<name>.eml` and its report `<name>.json`.
    case done
    /// Kept but not acted on: the classifier said `other`, or the message was truncated.
    case other
    /// Not a mail, or not a plain file: `<name>.eml` (as it was, never followed) and `<name>.reason`.
    case quarantine
}

/// The inbound spool: one `<name>.eml` file per message (`InboundName`), moved between the
/// `InboundState` directories by rename, as the job spool moves jobs. A message is stored with
/// the maildir steps (write into `tmp/`, fsync, rename into `new/`, fsync the directory), so a
/// message `store` returned from survives a crash; nothing here ever deletes a message, except a
/// maildir file whose copy is already durable here. Files are 0600, directories those of the
/// spool's layout (0700; in the two-user layout the web tier's group never reaches them).
public final class InboundSpool: Sendable {
    /// The largest message kept whole: 2 MiB, as the classifier reads.
    public static let maxMessageBytes = 2 * 1024 * 1024

    /// `<spool>/inbound`.
    public let root: String
    /// The rule the directories keep: `.unshared` for one user, `.ownerOnly` in the two-user layout.
    let rule: DirectoryRule
    let counter = AtomicCounter()

    /// The inbound spool of the spool at `spoolRoot`; `shared` when that spool is shared with a web group.
    public init(spoolRoot: String, shared: Bool) {
        root = spoolRoot + "/inbound"
        rule = shared ? .ownerOnly : .unshared
    }

    /// The directory of `state`, or the file `name` in it.
    public func path(_ state: InboundState, _ name: String = "") -> String {
        name.isEmpty ? "\(root)/\(state.rawValue)" : "\(root)/\(state.rawValue)/\(name)"
    }

    /// Stores `bytes` as a new message: checks the directories (`verify`), then `tmp/`, fsync,
    /// rename into `new/`, fsync `new/`. Returns its name once it is durable; on a throw nothing
    /// is left behind in `new/`.
    public func store(_ bytes: [UInt8], truncated: Bool, at now: Date) throws(SpoolError) -> InboundName {
        try verify()
        let name = InboundName.delivered(at: now, counter: counter.next(), truncated: truncated)
        let temporary = path(.tmp, name.fileName)
        try spoolIO(Files.writeDurably(Data(bytes), to: temporary, modified: nil))
        let code = Files.renameNoReplace(Array(temporary.utf8CString), Array(path(.new, name.fileName).utf8CString))
        guard code == 0 else {
            _ = unlink(temporary)
            throw .io(path: path(.new, name.fileName), operation: "rename from tmp/", errno: code)
        }
        try spoolIO(Files.syncDirectory(path(.new)))
        return name
    }

    /// The messages in `state`, oldest first (names that are not inbound names are left out).
    public func names(in state: InboundState) throws(SpoolError) -> [InboundName] {
        try spoolIO(Files.list(path(state))).compactMap(InboundName.init(fileName:)).sorted()
    }

    /// The state holding message `name`, if any.
    public func locate(_ name: InboundName) -> InboundState? {
        InboundState.allCases.first { $0 != .tmp && Files.exists(path($0, name.fileName)) }
    }

    /// How many messages (`*.eml`) each state but `tmp/` holds; a directory that cannot be read is left out.
    public func counts() -> [InboundState: Int] {
        var counts: [InboundState: Int] = [:]
        for state in InboundState.allCases where state != .tmp {
            guard let names = try? Files.listRaw(path(state)) else { continue }
            counts[state] = names.filter { $0.count > 4 && $0.first != 0x2E && $0.suffix(4) == Array(".eml".utf8) }.count
        }
        return counts
    }

    /// The stored report `<name>.json` in `state` (at most 1 MiB), or nil when there is none.
    public func report(_ name: InboundName, in state: InboundState) throws(SpoolError) -> Data? {
        guard Files.exists(path(state, name.reportName)) else { return nil }
        return try spoolIO(Files.readRegular(path(state, name.reportName), limit: 1024 * 1024))
    }

    /// Why `name` is in quarantine, or nil.
    public func reason(_ name: InboundName) -> String? {
        guard let data = try? Files.readRegular(path(.quarantine, name.reasonName), limit: 8192) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The message's bytes in `state`: a regular, singly-linked file of at most `maxMessageBytes`
    /// (anything else is refused with `hostile`, never followed or opened).
    public func message(_ name: InboundName, in state: InboundState) throws(SpoolError) -> [UInt8] {
        [UInt8](try spoolIO(Files.readRegular(path(state, name.fileName), limit: Self.maxMessageBytes)))
    }

    /// The size and modification time of message `name` in `state`, without following a link; nil when gone.
    public func attributes(_ name: InboundName, in state: InboundState) -> (size: Int, modified: Date)? {
        var info = stat()
        guard lstat(path(state, name.fileName), &info) == 0 else { return nil }
        return (Int(info.st_size), Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec)))
    }

    /// Writes `text` as a small file `<name>` in `state`, durably (through a temporary beside it).
    func writeNote(_ text: String, as file: String, in state: InboundState) throws(SpoolError) {
        try spoolIO(Files.replace(path(state, file), with: Array(text.utf8)))
    }
}
