// SpoolWatcher.swift — inotify on new/ so the worker notices a hand-off at once; polling as the fallback.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells the worker which names arrived in a spool directory.
public final class SpoolWatcher {
    /// What a wait saw.
    public enum Event: Equatable {
        /// These names were renamed or written into the directory.
        case names([String])
        /// Events were lost or inotify is unavailable: list the directory.
        case rescan
        /// Nothing happened before the timeout.
        case timeout
    }

    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// Watches `directory`; falls back to timed rescans when inotify is unavailable.
    public init(directory: String) {
        var descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if descriptor >= 0 {
            let mask = UInt32(IN_MOVED_TO | IN_CLOSE_WRITE)
            if inotify_add_watch(descriptor, directory, mask) < 0 {
                close(descriptor)
                descriptor = -1
            }
        }
        fd = descriptor
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Whether inotify is in use (false means polling).
    public var isNotifying: Bool { fd >= 0 }

    /// Waits up to `milliseconds` for names to arrive.
    public func wait(milliseconds: Int32) -> Event {
        guard fd >= 0 else {
            usleep(useconds_t(milliseconds) * 1000)
            return .rescan
        }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, milliseconds)
        guard ready > 0 else { return .timeout }
        var names: [String] = []
        var overflow = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            buffer.withUnsafeBytes { raw in
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= count {
                    let base = raw.baseAddress! + offset
                    let mask = base.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
                    let length = Int(base.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
                    if mask & UInt32(IN_Q_OVERFLOW) != 0 { overflow = true }
                    if length > 0 {
                        let nameStart = base + MemoryLayout<inotify_event>.size
                        let bytes = UnsafeRawBufferPointer(start: nameStart, count: length)
                        let name = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                        if !name.isEmpty { names.append(name) }
                    }
                    offset += MemoryLayout<inotify_event>.size + length
                }
            }
        }
        return overflow ? .rescan : .names(names)
    }
}
