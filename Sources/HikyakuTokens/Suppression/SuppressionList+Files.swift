// SuppressionList+Files.swift — the list's directories made and checked, its lock, and its files read and written.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

extension SuppressionList {
    /// `domains/`: the circuit breaker's files.
    var domainsDirectory: String { directory + "/domains" }
    /// The lock every change holds.
    var lockPath: String { directory + "/lock" }
    /// The append-only record of every change (`SuppressionJournal`).
    public var logPath: String { directory + "/log" }

    /// The file of one address.
    func entryPath(_ address: SuppressionAddress) -> String { directory + "/" + address.digest + ".json" }

    /// The breaker's file of one domain.
    func domainPath(_ domain: String) -> String { domainsDirectory + "/" + Base16.encode(SHA256.hash(domain)) + ".json" }

    /// Entries are group-readable in the two-user layout (a member checks), else 0600.
    var entryPermissions: UInt32 { sharedGroup == nil ? 0o600 : 0o640 }

    /// Checks the state directory (as `TokenStore.open`), then `suppression/` and `domains/`,
    /// creating them first when `create` and this user owns the layout.
    func prepareVerified(create: Bool) throws(SuppressionError) {
        let state = TokenStateDirectory(root: Files.parent(of: directory), sharedGroup: sharedGroup)
        do { try state.prepareVerified() } catch { throw SuppressionError(error) }
        let owner = state.owner
        let isOwner = owner == geteuid()
        if create && isOwner { try makeDirectories() }
        guard Files.exists(directory) || isOwner else { return }
        try check(directory, owner: owner, rule: state.suppressionRule)
        if isOwner && Files.exists(domainsDirectory) {
            try check(domainsDirectory, owner: owner, rule: .unshared)
        }
    }

    /// Creates `suppression/` (under its rule) and `domains/` when missing.
    func makeDirectories() throws(SuppressionError) {
        let state = TokenStateDirectory(root: Files.parent(of: directory), sharedGroup: sharedGroup)
        try suppressionIO(try Files.makeDirectory(state.root, rule: state.rootRule))
        try suppressionIO(try Files.makeDirectory(directory, rule: state.suppressionRule))
        try suppressionIO(try Files.makeDirectory(domainsDirectory))
    }

    private func check(_ path: String, owner: uid_t, rule: DirectoryRule) throws(SuppressionError) {
        do { try TokenStateDirectory.check(path, owner: owner, rule: rule) } catch { throw SuppressionError(error) }
    }

    /// Runs `body` holding the exclusive lock (a new descriptor each time, so threads of one
    /// process exclude each other as processes do); makes the directories first.
    func withLock<T>(_ body: () throws(SuppressionError) -> T) throws(SuppressionError) -> T {
        try makeDirectories()
        let fd = try suppressionIO(try Files.lock(lockPath, exclusive: true))
        defer { Files.discard(descriptor: fd) }
        return try body()
    }

    /// The entry at `path`, or nil when there is none (or no list yet).
    func readEntry(at path: String) throws(SuppressionError) -> SuppressionEntry? {
        guard let bytes = try readFile(path) else { return nil }
        return try decode(SuppressionEntry.self, bytes, path: path)
    }

    /// The breaker's record of `domain`, or nil.
    func readDomain(_ domain: String) throws(SuppressionError) -> SuppressionDomain? {
        let path = domainPath(domain)
        guard let bytes = try readFile(path) else { return nil }
        return try decode(SuppressionDomain.self, bytes, path: path)
    }

    /// Writes `entry` durably (temporary, fsync, rename, directory fsync).
    func write(_ entry: SuppressionEntry, at path: String) throws(SuppressionError) {
        try suppressionIO(try Files.replace(path, with: TokenJSON.encodeRecord(entry), permissions: entryPermissions))
    }

    /// Writes the breaker's record durably.
    func write(_ domain: SuppressionDomain) throws(SuppressionError) {
        try suppressionIO(try Files.replace(domainPath(domain.domain), with: TokenJSON.encodeRecord(domain)))
    }

    /// Removes `path` durably (unlink, directory fsync); false when it was not there.
    func remove(path: String) throws(SuppressionError) -> Bool {
        guard Files.exists(path) else { return false }
        try suppressionIO(try Files.removeIfPresent(path))
        try suppressionIO(try Files.syncDirectory(Files.parent(of: path)))
        return true
    }

    /// The names of the entry files (`<64 hex>.json`); none when there is no list yet.
    func entryPaths() throws(SuppressionError) -> [String] {
        guard Files.exists(directory) else { return [] }
        return try suppressionIO(try Files.list(directory)).filter { name in
            name.hasSuffix(".json") && name.utf8.count == 69 && Base16.decode(String(name.prefix(64))) != nil
        }.sorted().map { directory + "/" + $0 }
    }

    /// A file's bytes (at most 256 KiB, never through a link), or nil when it or its directory is missing.
    private func readFile(_ path: String) throws(SuppressionError) -> [UInt8]? {
        try suppressionIO(try Files.read(path, limit: 256 * 1024))
    }

    private func decode<T: Decodable & VersionedRecord>(_ type: T.Type, _ bytes: [UInt8], path: String) throws(SuppressionError) -> T {
        do { return try TokenJSON.decodeRecord(type, from: bytes, path: path) } catch { throw SuppressionError(error) }
    }
}
