// RateLimiter+JournalFile.swift — the journal's bytes: read what was appended since, append lines, compact.
import Foundation
import HikyakuBase

#if canImport(Glibc)
import Glibc
#endif

extension RateLimiter.Journal {
    /// Reads what was appended since this process last looked (under the `flock`). Opens the
    /// journal (creating it 0600) on first use, and starts over when the name now points at
    /// another file (another process compacted it) or the file shrank (someone truncated it).
    func catchUp(_ state: inout State) throws(IOFailure) {
        var named = stat(), held = stat()
        let exists = lstat(journalPath, &named) == 0
        if state.descriptor >= 0, !exists || UInt64(named.st_ino) != state.inode || UInt64(named.st_dev) != state.device {
            reset(&state)
        }
        if state.descriptor >= 0 {
            // The name still points at the file held: its lstat is that file's (no second stat).
            held = named
        } else {
            let fd = open(journalPath, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw IOFailure(path: journalPath, operation: "open", errno: errno) }
            state.descriptor = fd
            guard fstat(state.descriptor, &held) == 0 else { throw IOFailure(path: journalPath, operation: "fstat", errno: errno) }
        }
        (state.device, state.inode) = (UInt64(held.st_dev), UInt64(held.st_ino))
        let size = Int(held.st_size)
        if size < state.offset {
            // Truncated under us: read it afresh through the same descriptor.
            state.offset = 0
            state.partial = []
            state.index = MarkIndex()
        }
        // In chunks, so a large journal read at start costs a chunk of memory, not its size.
        var chunk = [UInt8](repeating: 0, count: min(1 << 16, max(0, size - state.offset)))
        while state.offset < size {
            let count = chunk.withUnsafeMutableBytes {
                pread(state.descriptor, $0.baseAddress!, min($0.count, size - state.offset), off_t(state.offset))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            state.offset += count
            index(chunk.prefix(count), into: &state)
        }
    }

    /// Indexes the complete lines of `partial` followed by `bytes`; keeps the incomplete rest.
    private func index(_ bytes: ArraySlice<UInt8>, into state: inout State) {
        let text = state.partial + bytes
        var lineStart = 0
        for index in text.indices where text[index] == 0x0a {
            if let (key, mark) = Self.parse(text[lineStart..<index]) { state.index.add(mark, key: key, cap: cap) }
            lineStart = index + 1
        }
        state.partial = Array(text[lineStart...])
    }

    /// Appends one line per entry (a key and its mark) in one write, after a newline if the
    /// journal ends in the remnant of a line (a crash mid-append), and indexes them in order.
    func append(_ entries: [(key: UInt64, mark: Mark)], to state: inout State) throws(IOFailure) {
        var text = state.partial.isEmpty ? "" : "\n"
        for entry in entries { text += Self.line(key: entry.key, mark: entry.mark) }
        let bytes = Array(text.utf8)
        do {
            try Files.writeAll(bytes, to: state.descriptor, path: journalPath)
        } catch {
            // How much was written is unknown: read the journal afresh next time.
            reset(&state)
            throw Self.failure(error, path: journalPath)
        }
        state.offset += bytes.count
        state.partial = []
        for entry in entries { state.index.add(entry.mark, key: entry.key, cap: cap) }
    }

    /// Drops marks older than the longest window, then rewrites the journal with the rest when
    /// `force`, or when it is large and at least half of it is stale: a new file renamed over
    /// the old (other processes notice and read it from the start). Returns how many keys went.
    @discardableResult
    func compact(_ state: inout State, now: Date, force: Bool = false) throws(IOFailure) -> Int {
        guard force || state.offset >= state.compactAt else { return 0 }
        // Looked at again only once the journal has doubled: compaction stays linear overall.
        defer { state.compactAt = max(Self.compactionBytes, state.offset * 2) }
        let cutoff = UInt32(clamping: Int64(now.timeIntervalSince1970) - Int64(longestWindow))
        let removed = state.index.remove(before: cutoff)
        guard force ? removed > 0 : state.index.markCount * 2 * 32 < state.offset else { return removed }
        var text = ""
        state.index.eachMark { key, mark in text += Self.line(key: key, mark: mark) }
        let temporary = Files.temporaryName(beside: journalPath)
        do {
            let fd = try Files.createExclusive(temporary)
            defer { Files.discard(descriptor: fd) }
            try Files.writeAll(Array(text.utf8), to: fd, path: temporary)
            try Files.move(temporary, over: journalPath)
        } catch {
            try? Files.removeIfPresent(temporary)
            throw Self.failure(error, path: journalPath)
        }
        reset(&state)
        try catchUp(&state)
        return removed
    }

    /// Forgets everything read (and closes the descriptor): the next `catchUp` reads from the start.
    private func reset(_ state: inout State) {
        if state.descriptor >= 0 { Files.discard(descriptor: state.descriptor) }
        let ready = state.directoryReady
        state = State()
        state.directoryReady = ready
    }

    static func line(key: UInt64, mark: Mark) -> String {
        let hex = String(key, radix: 16), tag = String(mark.tag, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + " \(mark.time) " + tag + "\n"
    }

    /// `<16 hex> <decimal seconds> <hex tag>`; nil for anything else.
    static func parse(_ line: ArraySlice<UInt8>) -> (UInt64, Mark)? {
        let fields = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 16, fields[1].count <= 10, fields[2].count <= 8,
            let key = UInt64(String(decoding: fields[0], as: UTF8.self), radix: 16),
            let time = UInt32(String(decoding: fields[1], as: UTF8.self)),
            let tag = UInt32(String(decoding: fields[2], as: UTF8.self), radix: 16)
        else { return nil }
        return (key, Mark(time: time, tag: tag))
    }
}
