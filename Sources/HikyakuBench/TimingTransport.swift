// TimingTransport.swift — wraps the real transport to note, per job, when the relay's reply came back.
import Foundation
import HikyakuDelivery
import HikyakuBase

/// A `Transport` that forwards to the real one and notes the times in a `DeliveryTimes`.
public final class TimingTransport: Transport {
    private let inner: any Transport
    private let times: DeliveryTimes

    public init(_ inner: any Transport, times: DeliveryTimes) {
        self.inner = inner
        self.times = times
    }

    public func send(_ message: [UInt8], envelope: Envelope) -> DeliveryResult {
        let started = MonotonicClock.now()
        let result = inner.send(message, envelope: envelope)
        let replied = MonotonicClock.now()
        times.record(jobID: envelope.jobID, started: started, replied: replied, bytes: message.count, code: result.code)
        return result
    }
}
