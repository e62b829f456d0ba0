// InboundSpool+Layout.swift — the inbound spool's directories: created with the spool, checked before every use.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

extension InboundSpool {
    /// `inbound/` and its state directories, in creation order.
    public var directories: [String] { [root] + InboundState.allCases.map { path($0) } }

    /// Creates the directories when missing (0700), then checks them as `verify()` does.
    /// `DirectorySpool.prepare()` calls it; only the worker and `hikyaku init` create them.
    public func prepare() throws(SpoolError) {
        for directory in directories { try spoolIO(Files.makeDirectory(directory, rule: rule)) }
        try verify()
    }

    /// Checks, creating nothing, that `inbound/` and each state directory exist, are directories
    /// (not links) of this user and writable by nobody else (0700 exactly in the two-user layout).
    /// Throws `missing` naming the first that does not exist, `unsafe` for the others.
    public func verify() throws(SpoolError) {
        for directory in directories {
            switch Files.checkDirectory(directory, owner: geteuid(), rule: rule) {
            case nil: continue
            case .missing: throw .missing(path: directory)
            case .failed(let code): throw .io(path: directory, operation: "stat", errno: code)
            case .unsafe(let problem): throw .unsafe(path: directory, problem: problem)
            }
        }
    }
}

extension DirectorySpool {
    /// The spool's inbound half (`<root>/inbound/`), in the same layout.
    public var inbound: InboundSpool { InboundSpool(spoolRoot: root, shared: sharedGroup != nil) }
}
