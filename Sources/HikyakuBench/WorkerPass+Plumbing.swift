// WorkerPass+Plumbing.swift — what a pass hands the worker: transports, the worker thread's error, fd 2.
import Foundation
import HikyakuBase
import HikyakuDelivery
import HikyakuService
#if canImport(Glibc)
import Glibc
#endif

/// Makes the real transport for `config`, wrapped to note delivery times.
final class TransportMaker: Sendable {
    let config: Config
    let times: DeliveryTimes
    init(config: Config, times: DeliveryTimes) {
        self.config = config
        self.times = times
    }
    func make() throws -> any Transport { TimingTransport(try TransportFactory.make(config, password: nil), times: times) }
}

/// An error handed back from the worker's thread.
final class ResultBox: Sendable {
    private let stored = Locked<(any Error)?>(nil)
    var error: (any Error)? {
        get { stored.value }
        set { stored.set(newValue) }
    }
}

/// Points fd 2 at a file while the worker runs, so its one-line-per-event log costs what it
/// costs in production (a write per event) without flooding the terminal.
enum StandardError {
    static func redirected<T>(to path: String, _ body: () throws -> T) throws -> T {
        let file = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw BenchError.io(path: path, operation: "open the worker log", errno: errno) }
        let saved = dup(2)
        dup2(file, 2)
        close(file)
        defer {
            dup2(saved, 2)
            close(saved)
        }
        return try body()
    }
}
