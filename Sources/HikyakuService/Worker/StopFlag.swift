// StopFlag.swift — SIGTERM/SIGINT (stop) and SIGHUP (reload) turned into flags the loop polls.
import Foundation

/// A flag set from a signal handler queue and read by the worker loop.
public final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopping = false
    private var reloads = 0
    private var sources: [DispatchSourceSignal] = []

    public init() {}

    /// Whether a stop was requested.
    public var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    /// Requests a stop.
    public func set() {
        lock.lock()
        stopping = true
        lock.unlock()
    }

    /// Takes a pending reload request (SIGHUP), if any.
    public func takeReload() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard reloads > 0 else { return false }
        reloads = 0
        return true
    }

    /// Routes SIGTERM and SIGINT to `set()` and SIGHUP to a reload request.
    public func installSignalHandlers() {
        let queue = DispatchQueue(label: "hikyaku.signals")
        for number in [SIGTERM, SIGINT, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.lock()
                if number == SIGHUP { self.reloads += 1 } else { self.stopping = true }
                self.lock.unlock()
            }
            source.resume()
            sources.append(source)
        }
    }
}
