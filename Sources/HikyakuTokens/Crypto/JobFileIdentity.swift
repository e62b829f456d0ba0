// JobFileIdentity.swift — a job file as handed off: id, content digest, modification time and inode, the input of a first seed.

/// What singles out one hand-off of a job: its id, the SHA-256 of the file's bytes, the file's
/// modification time (nanoseconds) and inode number, and the operator replays it went through.
/// Claiming, crash recovery and giving a job back move the file by rename, which keeps all of
/// them, so every attempt before the first record re-derives the same first seed; a new hand-off
/// (new bytes, or the same bytes in a new file), an edit or a replay gives another.
package struct JobFileIdentity: Sendable, Equatable {
    package let jobID: String
    /// SHA-256 of the file's bytes (32 bytes).
    package let contentDigest: [UInt8]
    package let modifiedNanoseconds: Int64
    package let inode: UInt64
    package let replays: Int

    package init(jobID: String, contentDigest: [UInt8], modifiedNanoseconds: Int64, inode: UInt64, replays: Int) {
        self.jobID = jobID
        self.contentDigest = contentDigest
        self.modifiedNanoseconds = modifiedNanoseconds
        self.inode = inode
        self.replays = replays
    }

    /// Unambiguous bytes: `label`, the id (4-byte big-endian length and UTF-8), the digest's
    /// length and bytes, then the time, inode and replays as 8-byte big-endian integers.
    func encoded(_ label: String) -> [UInt8] {
        func uint64(_ value: UInt64) -> [UInt8] { (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> (UInt64($0) * 8)) } }
        let id = Array(jobID.utf8)
        var bytes = Array(label.utf8)
        bytes += uint64(UInt64(id.count)).suffix(4) + id
        bytes += uint64(UInt64(contentDigest.count)).suffix(4) + contentDigest
        bytes += uint64(UInt64(bitPattern: modifiedNanoseconds)) + uint64(inode) + uint64(UInt64(max(0, replays)))
        return bytes
    }
}

extension ServerSecret {
    /// The seed of the first issue of the job `identity` names:
    /// `HMAC(firstIssueKey, "hikyaku/v1/first-seed" ‖ identity)`, 32 bytes. Like a random seed it
    /// is then bound to the job (`boundSeed(_:to:)`), sealed into the job's record with its
    /// MAC and trusted back only with it; unlike one, it needs no write before the send, since
    /// every attempt before the first record derives it again from the same file.
    package func firstIssueSeed(for identity: JobFileIdentity) -> [UInt8] {
        firstIssueKey.authenticationCode(for: identity.encoded("hikyaku/v1/first-seed"))
    }

    /// The job's tag in the rate-limit journal (an admission counts once per hand-off):
    /// the first 4 bytes of `HMAC(firstIssueKey, "hikyaku/v1/limit-tag" ‖ identity)`, never 0.
    package func jobTag(for identity: JobFileIdentity) -> UInt32 {
        let mac = firstIssueKey.authenticationCode(for: identity.encoded("hikyaku/v1/limit-tag"))
        return max(1, UInt32(mac[0]) << 24 | UInt32(mac[1]) << 16 | UInt32(mac[2]) << 8 | UInt32(mac[3]))
    }
}
