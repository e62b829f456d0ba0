// InboundSpool+Processing.swift — the worker's steps on inbound/new: claim a message, file it with its report, or quarantine it.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// A message of `new/` this process holds open under an exclusive `flock`, read whole.
/// Another worker skips it until `release` (or the file moved on).
public struct InboundClaim: Sendable {
    /// The message's name.
    public let name: InboundName
    /// Its bytes (at most `InboundSpool.maxMessageBytes`).
    public let bytes: [UInt8]
    let descriptor: Int32
}

/// What claiming a message of `new/` found.
public enum InboundClaimResult: Sendable {
    /// It is ours until released.
    case claimed(InboundClaim)
    /// It is no longer in `new/` (another worker filed it).
    case gone
    /// Another worker holds it now.
    case busy
    /// It is not a plain, singly-linked file of an acceptable size: quarantine it (`problem` says why).
    case refused(problem: String)
}

extension InboundSpool {
    /// The names waiting in `new/`, oldest first. Other names (not dot files, which are a
    /// writer's business) are quarantined under a name of their own with a reason; the names
    /// that could not be moved are returned as `errors`.
    public func scanNew(at now: Date) throws(SpoolError) -> (names: [InboundName], quarantined: [String], errors: [String]) {
        var names: [InboundName] = [], quarantined: [String] = [], errors: [String] = []
        for raw in try spoolIO(Files.listRaw(path(.new))) where raw.first != 0x2E {
            if let text = String(validating: raw, as: UTF8.self), let name = InboundName(fileName: text) {
                names.append(name)
                continue
            }
            let printable = Sanitize.line(String(decoding: raw, as: UTF8.self), limit: 120)
            do {
                let target = InboundName.quarantined(at: now)
                try quarantine(rawName: raw, from: .new, as: target, reason: "odd file name in inbound/new/ (was \(printable))")
                quarantined.append(printable)
            } catch {
                errors.append("\(printable): \(error.description)")
            }
        }
        return (names.sorted(), quarantined, errors)
    }

    /// Opens, locks and reads message `name` of `new/`, never following a link nor blocking on a FIFO.
    /// Throws only for an I/O failure (the message stays where it is).
    public func claim(_ name: InboundName) throws(SpoolError) -> InboundClaimResult {
        let file = path(.new, name.fileName)
        var info = stat()
        guard lstat(file, &info) == 0 else {
            if errno == ENOENT { return .gone }
            throw .io(path: file, operation: "lstat", errno: errno)
        }
        do { try Files.checkRegular(info, path: file) } catch { return .refused(problem: Self.problem(error)) }
        let fd = open(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return .gone }
            if errno == ELOOP { return .refused(problem: "is a symbolic link (never followed)") }
            throw .io(path: file, operation: "open", errno: errno)
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { return .busy }
            throw .io(path: file, operation: "flock", errno: code)
        }
        // Locked: but is it still the file new/ names (not one already filed by another worker)?
        var held = stat(), now = stat()
        guard fstat(fd, &held) == 0, lstat(file, &now) == 0, held.st_dev == now.st_dev, held.st_ino == now.st_ino else {
            close(fd)
            return .gone
        }
        do {
            let data = try Files.readRegular(fd: fd, path: file, limit: Self.maxMessageBytes)
            return .claimed(InboundClaim(name: name, bytes: [UInt8](data), descriptor: fd))
        } catch {
            close(fd)
            if case .hostile = error { return .refused(problem: Self.problem(error)) }
            throw SpoolError(error)
        }
    }

    /// Lets go of a claim (closing the file drops the lock).
    public func release(_ claim: InboundClaim) {
        Files.discard(descriptor: claim.descriptor)
    }

    /// Writes `report` as `<name>.json` into `state`, durably (replacing one a crashed pass left).
    /// The worker writes it before it acts on the message and moves it (`move`): a crash in
    /// between leaves the message in `new/`, to be processed again and its report rewritten.
    public func writeReport(_ report: [UInt8], for name: InboundName, in state: InboundState) throws(SpoolError) {
        try spoolIO(Files.replace(path(state, name.reportName), with: report))
    }

    /// Moves the claimed message from `new/` into `state` and syncs both directories. A message
    /// of the same name already in `state` (which only a hand could put there) sends this one to
    /// quarantine instead. Returns the state the message is in.
    public func move(_ claim: InboundClaim, into state: InboundState) throws(SpoolError) -> InboundState {
        let source = path(.new, claim.name.fileName)
        let code = Files.renameNoReplace(Array(source.utf8CString), Array(path(state, claim.name.fileName).utf8CString))
        if code == EEXIST {
            try quarantine(claim.name, from: .new, reason: "a message of this name is already in inbound/\(state.rawValue)/")
            return .quarantine
        }
        guard code == 0 else { throw .io(path: source, operation: "rename into inbound/\(state.rawValue)/", errno: code) }
        try spoolIO(Files.syncDirectory(path(state)))
        try spoolIO(Files.syncDirectory(path(.new)))
        return state
    }

    /// Moves message `name` unchanged from `state` into `quarantine/` (never following it) with
    /// `<name>.reason`; under a fresh name when `quarantine/` already holds one of that name.
    public func quarantine(_ name: InboundName, from state: InboundState, reason: String) throws(SpoolError) {
        let target = Files.exists(path(.quarantine, name.fileName)) ? InboundName.quarantined(at: Date()) : name
        try quarantine(rawName: Array(name.fileName.utf8), from: state, as: target, reason: reason)
    }

    /// Moves the entry `rawName` of `state` into `quarantine/` as `target`, then writes its reason.
    func quarantine(rawName: [UInt8], from state: InboundState, as target: InboundName, reason: String) throws(SpoolError) {
        var source = Array(path(state).utf8) + [0x2F] + rawName
        source.append(0)
        let code = Files.renameNoReplace(source.map { CChar(bitPattern: $0) }, Array(path(.quarantine, target.fileName).utf8CString))
        guard code == 0 else {
            throw .io(
                path: path(state, Sanitize.line(String(decoding: rawName, as: UTF8.self))), operation: "rename into quarantine/",
                errno: code)
        }
        try writeNote(Sanitize.line(reason, limit: 2000) + "\n", as: target.reasonName, in: .quarantine)
        try spoolIO(Files.syncDirectory(path(state)))
    }

    /// The problem of a refused entry, without its path (the caller names it).
    static func problem(_ failure: FileFailure) -> String {
        switch failure {
        case .hostile(_, let problem): return problem
        case .io(let failure): return failure.description
        }
    }
}
