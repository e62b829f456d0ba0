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
        if state.descriptor < 0 {
            let fd = open(journalPath, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw IOFailure(path: journalPath, operation: "open", errno: errno) }
            state.descriptor = fd
        }
        guard fstat(state.descriptor, &held) == 0 else { throw IOFailure(path: journalPath, operation: "fstat", errno: errno) }
        (state.device, state.inode) = (UInt64(held.st_dev), UInt64(held.st_ino))
        let size = Int(held.st_size)
        if size < state.offset {
            let fd = state.descriptor
            reset(&state)
            state.descriptor = fd
        }
        guard size > state.offset else { return }
        var bytes = [UInt8](repeating: 0, count: size - state.offset)
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes {
                pread(state.descriptor, $0.baseAddress! + done, $0.count - done, off_t(state.offset + done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            done += count
        }
        state.offset += done
        var lineStart = 0
        let text = state.partial + bytes.prefix(done)
        for index in text.indices where text[index] == 0x0a {
            if let (key, mark) = Self.parse(text[lineStart..<index]) { record(mark, key: key, in: &state) }
            lineStart = index + 1
        }
        state.partial = Array(text[lineStart...])
    }

    /// Appends one line per key for `mark` in one write, after a newline if the journal ends in
    /// the remnant of a line (a crash mid-append), and indexes them.
    func append(_ keys: [UInt64], mark: Mark, to state: inout State) throws(IOFailure) {
        var text = state.partial.isEmpty ? "" : "\n"
        for key in keys { text += Self.line(key: key, mark: mark) }
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
        for key in keys { record(mark, key: key, in: &state) }
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
        let before = state.index.count
        var lines = 0
        state.index = state.index.compactMapValues { marks in
            let kept = marks.all.filter { $0.time > cutoff }
            lines += kept.count
            guard let first = kept.first else { return nil }
            return Marks(first: first, rest: Array(kept.dropFirst()))
        }
        let removed = before - state.index.count
        guard force ? removed > 0 : lines * 2 * 32 < state.offset else { return removed }
        var text = ""
        for (key, marks) in state.index { for mark in marks.all { text += Self.line(key: key, mark: mark) } }
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

    /// Adds `mark` to `key`'s marks in the index.
    private func record(_ mark: Mark, key: UInt64, in state: inout State) {
        if state.index[key] == nil {
            state.index[key] = Marks(first: mark)
        } else {
            state.index[key]!.add(mark, cap: cap)
        }
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
