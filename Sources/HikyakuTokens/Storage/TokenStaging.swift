// TokenStaging.swift — a batch's held-back writes: read back within the batch, then made durable with one sync.
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// The files a batch of issues changes, kept in memory until `commit`. Reads inside the batch
/// see them (a second issue for the same login sees the first); other processes see nothing
/// until the batch commits, and the batch holds the store's exclusive lock throughout.
///
/// `commit` writes each file's last contents to a temporary file in its directory (a `current/`
/// pointer whose record the batch writes becomes a hard link to that record instead) and makes
/// all of them durable together (`FileSystemSync`). It then renames them into place in rounds
/// (`rounds`): a file whose write followed another write of the same operation (the new record
/// after the superseded one, the `current` pointer after the record) goes in a later round than
/// that one, and each round's directories are synced once before the next round starts. A crash
/// leaves each file old or new, never torn, and never a later step of an issue without its
/// earlier ones — as with one-by-one writes, at the cost of one content sync per batch and one
/// directory sync per directory and round, instead of one of each per file.
// Unchecked, with no lock: only the thread running a `TokenStore.batch` body stages and commits,
// holding the store's exclusive lock; it is Sendable only so the batch's store copy stays Sendable.
final class TokenStaging: @unchecked Sendable {
    /// Each write; `link`: the file it may instead be a hard link to (a `current/` pointer's record).
    private var writes: [(path: String, bytes: [UInt8], operation: Int, link: String?)] = []
    private var operation = 0
    /// The mode of each file written (0600, or 0640 in the two-user layout).
    private let permissions: UInt32

    init(permissions: UInt32 = 0o600) {
        self.permissions = permissions
    }

    /// The contents staged for `path`, if any.
    func bytes(at path: String) -> [UInt8]? {
        writes.last(where: { $0.path == path })?.bytes
    }

    func stage(_ bytes: [UInt8], at path: String) {
        writes.append((path, bytes, operation, nil))
    }

    /// Stages a `current/` pointer, `bytes` its digest. When the batch also writes the record at
    /// `record`, the commit makes the pointer a hard link to that record (which names its own
    /// digest) rather than a file of its own: one file per link, not two.
    func stage(_ bytes: [UInt8], at path: String, linkingTo record: String) {
        writes.append((path, bytes, operation, record))
    }

    /// Starts the next operation (an issue): its writes are ordered after each other, not after
    /// other operations'. Returns the point to roll back to if the operation fails.
    func beginOperation() -> Int {
        operation += 1
        return writes.count
    }

    func rollBack(to mark: Int) {
        writes.removeSubrange(mark...)
    }

    /// Writes, syncs and renames everything staged (see the type's comment); on a throw no file
    /// was renamed unless the failing step was a rename or a directory sync.
    func commit() throws(TokenError) {
        var latest: [String: [UInt8]] = [:], links: [String: String] = [:]
        for write in writes {
            latest[write.path] = write.bytes
            links[write.path] = write.link
        }
        let rounds = Self.rounds(writes.map { ($0.path, $0.operation) })
        writes.removeAll()
        // A pointer links to its record only when this batch writes that record (so it names its
        // digest), in an earlier round (as an issue writes it first); else it is a file of its own.
        var roundOf: [String: Int] = [:]
        for (index, paths) in rounds.enumerated() { for path in paths { roundOf[path] = index } }
        links = links.filter { pointer, record in (roundOf[record] ?? Int.max) < (roundOf[pointer] ?? Int.min) }
        guard !rounds.isEmpty else { return }
        var temporaries: [String: (descriptor: Int32, temporary: String)] = [:]
        defer {
            for entry in temporaries.values {
                Files.discard(descriptor: entry.descriptor)
                try? Files.removeIfPresent(entry.temporary)
            }
        }
        var descriptors: [Int32] = [], names: [String] = []
        for path in rounds.joined() where links[path] == nil {
            let temporary = Files.temporaryName(beside: path)
            let fd = try tokenIO(try Files.createExclusive(temporary, permissions: permissions))
            temporaries[path] = (fd, temporary)
            descriptors.append(fd)
            names.append(temporary)
            try tokenIO(try Files.writeAll(latest[path] ?? [], to: fd, path: temporary))
        }
        if let failure = FileSystemSync.contents(of: descriptors) {
            throw .io(path: names[failure.index], operation: failure.operation, errno: failure.errno)
        }
        for round in rounds {
            var directories: [String] = []
            for path in round {
                if let record = links[path] {
                    try Self.link(path, to: record)
                } else {
                    guard let entry = temporaries.removeValue(forKey: path) else { continue }
                    Files.discard(descriptor: entry.descriptor)
                    try tokenIO(try Files.move(entry.temporary, over: path))
                }
                let directory = Files.parent(of: path)
                if !directories.contains(directory) { directories.append(directory) }
            }
            // The round's renames are durable before any rename that depends on them.
            for directory in directories { try tokenIO(try Files.syncDirectory(directory)) }
        }
    }

    /// Makes `path` a hard link to `record`: a link under a temporary name, renamed over `path`.
    private static func link(_ path: String, to record: String) throws(TokenError) {
        let temporary = Files.temporaryName(beside: path)
        guard Glibc.link(record, temporary) == 0 else { throw .io(path: path, operation: "link", errno: errno) }
        try tokenIO(try Files.move(temporary, over: path))
    }

    /// The distinct paths of `writes` (path, operation) grouped into rounds, each path once and
    /// each round in first-change order: a path goes at least one round after any path written
    /// just before it by the same operation. Should the orders of two operations contradict each
    /// other (a cycle), every path gets its own round, in first-change order.
    static func rounds(_ writes: [(path: String, operation: Int)]) -> [[String]] {
        var order: [String] = [], index: [String: Int] = [:]
        for write in writes where index[write.path] == nil {
            index[write.path] = order.count
            order.append(write.path)
        }
        // Edges: each write's path after the path its operation wrote just before.
        var after: [(from: Int, to: Int)] = []
        var previous: [Int: Int] = [:]
        for write in writes {
            let node = index[write.path]!
            if let before = previous[write.operation], before != node { after.append((before, node)) }
            previous[write.operation] = node
        }
        // Longest path from a source; more than `order.count` relaxing passes means a cycle.
        var level = Array(repeating: 0, count: order.count)
        for pass in 0...order.count {
            var changed = false
            for edge in after where level[edge.to] < level[edge.from] + 1 {
                level[edge.to] = level[edge.from] + 1
                changed = true
            }
            if !changed { break }
            if pass == order.count { return order.map { [$0] } }
        }
        var rounds = Array(repeating: [String](), count: (level.max() ?? 0) + 1)
        for (node, path) in order.enumerated() { rounds[level[node]].append(path) }
        return rounds.filter { !$0.isEmpty }
    }
}
