// DelayRelay.swift — a loopback TCP relay that holds the relay's reply to the final "." for N ms.
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Stands in front of `smtp-sink` to model a slow relay with millisecond granularity (the
/// sink's own `-w` takes whole seconds). Bytes pass through unchanged; when the client has sent
/// the end of a message (`CRLF.CRLF`), the next bytes coming back — the reply to the final "." —
/// wait `delayMilliseconds` first. Two threads per connection, so connections never wait on
/// each other; listens on 127.0.0.1 only.
final class DelayRelay: Sendable {
    /// The port clients connect to.
    let port: Int
    private let listener: Int32
    private let upstreamPort: Int
    private let delay: useconds_t
    /// The connections' sockets, and whether `stop` was called.
    private let sockets = Mutex((open: Set<Int32>(), stopped: false))

    init(upstreamPort: Int, delayMilliseconds: Int) throws(SupportError) {
        self.upstreamPort = upstreamPort
        self.delay = useconds_t(delayMilliseconds * 1000)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .io(path: "127.0.0.1", operation: "socket", errno: errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard let bound = Loopback.bind(fd, port: 0), listen(fd, 1024) == 0 else {
            let code = errno
            close(fd)
            throw .io(path: "127.0.0.1", operation: "bind/listen (delay relay)", errno: code)
        }
        listener = fd
        port = bound
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Stops accepting and cuts every open connection.
    func stop() {
        let live: Set<Int32>? = sockets.withLock { sockets in
            guard !sockets.stopped else { return nil }
            sockets.stopped = true
            return sockets.open
        }
        guard let live else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in live { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let upstream = Loopback.connect(port: upstreamPort)
            guard upstream >= 0, track(client, upstream) else {
                close(client)
                if upstream >= 0 { close(upstream) }
                continue
            }
            for fd in [client, upstream] {
                var yes: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            }
            let link = RelayLink()
            Thread.detachNewThread { [self] in
                pump(from: client, to: upstream) { chunk in link.noteClientBytes(chunk) }
                finish(link, client, upstream)
            }
            Thread.detachNewThread { [self] in
                pump(from: upstream, to: client) { _ in if link.takeEndOfData() { usleep(delay) } }
                finish(link, client, upstream)
            }
        }
    }

    private func track(_ a: Int32, _ b: Int32) -> Bool {
        sockets.withLock { sockets in
            guard !sockets.stopped else { return false }
            sockets.open.insert(a)
            sockets.open.insert(b)
            return true
        }
    }

    /// Copies until end of file or an error, calling `before` on each chunk before forwarding it.
    private func pump(from source: Int32, to target: Int32, before: (UnsafeRawBufferPointer) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            let sent = buffer.withUnsafeBytes { raw -> Bool in
                let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<count])
                before(chunk)
                var offset = 0
                while offset < count {
                    let n = write(target, chunk.baseAddress! + offset, count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return false }
                    offset += n
                }
                return true
            }
            if !sent { break }
        }
        // Half-close onward so the other direction sees the end too.
        shutdown(target, Int32(SHUT_WR))
        shutdown(source, Int32(SHUT_RD))
    }

    /// The second pump to finish closes both sockets.
    private func finish(_ link: RelayLink, _ client: Int32, _ upstream: Int32) {
        guard link.pumpFinished() else { return }
        sockets.withLock { sockets in
            sockets.open.remove(client)
            sockets.open.remove(upstream)
        }
        close(client)
        close(upstream)
    }
}

/// One relayed connection's shared state: end-of-data marks seen but not yet answered.
final class RelayLink: Sendable {
    private struct State {
        var tail: [UInt8] = []
        var endsOfData = 0
        var finishedPumps = 0
    }

    private let state = Mutex(State())
    private static let marker: [UInt8] = Array("\r\n.\r\n".utf8)

    /// Scans client bytes for `CRLF.CRLF`, also across chunk boundaries.
    func noteClientBytes(_ chunk: UnsafeRawBufferPointer) {
        state.withLock { $0.endsOfData += RelayLink.countMarkers(tail: &$0.tail, chunk: chunk) }
    }

    /// Whether a reply to a final "." is due (consumes the mark).
    func takeEndOfData() -> Bool {
        state.withLock { state in
            guard state.endsOfData > 0 else { return false }
            state.endsOfData -= 1
            return true
        }
    }

    /// Counts one pump as done; true for the second.
    func pumpFinished() -> Bool {
        state.withLock { state in
            state.finishedPumps += 1
            return state.finishedPumps == 2
        }
    }

    /// Occurrences of `CRLF.CRLF` in `tail + chunk` that end inside `chunk`; keeps the last 4 bytes in `tail`.
    static func countMarkers(tail: inout [UInt8], chunk: UnsafeRawBufferPointer) -> Int {
        let window = tail + Array(chunk)
        var found = 0
        if window.count >= marker.count {
            for end in max(marker.count, tail.count + 1)...window.count
            where window[end - marker.count..<end].elementsEqual(marker) {
                found += 1
            }
        }
        tail = Array(window.suffix(marker.count - 1))
        return found
    }
}
