// StopFlag.swift — SIGTERM/SIGINT (stop) and SIGHUP (reload) turned into flags the loop polls.
import Foundation
import Synchronization

/// A flag set from a signal handler queue and read by the worker loop.
public final class StopFlag: Sendable {
    private struct State {
        var stopping = false
        var reloads = 0
        var sources: [any DispatchSourceSignal] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether a stop was requested.
    public var isSet: Bool {
        state.withLock { $0.stopping }
    }

    /// Requests a stop.
    public func set() {
        state.withLock { $0.stopping = true }
    }

    /// Takes a pending reload request (SIGHUP), if any.
    public func takeReload() -> Bool {
        state.withLock { state in
            guard state.reloads > 0 else { return false }
            state.reloads = 0
            return true
        }
    }

    /// Routes SIGTERM and SIGINT to `set()` and SIGHUP to a reload request.
    public func installSignalHandlers() {
        let queue = DispatchQueue(label: "hikyaku.signals")
        for number in [SIGTERM, SIGINT, SIGHUP] {
            signal(number, SIG_IGN)
            // Made under the lock, so the source (not Sendable) never leaves the state that keeps it alive.
            state.withLock { state in
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { [weak self] in
                    guard let self else { return }
                    self.state.withLock { state in
                        if number == SIGHUP { state.reloads += 1 } else { state.stopping = true }
                    }
                }
                source.resume()
                state.sources.append(source)
            }
        }
    }
}
