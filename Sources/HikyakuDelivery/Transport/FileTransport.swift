// FileTransport.swift — the embedded default: each message becomes an .eml file in a maildir outbox.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// Writes each message into a maildir (`PATH/tmp` → `PATH/new`), readable with `mutt -f PATH`.
public final class FileTransport: Transport {
    private let directory: String
    private var prepared = false
    private var sequence = 0

    /// An outbox at `directory` (created on first use).
    public init(directory: String) {
        self.directory = directory
    }

    public func send(_ message: [UInt8], envelope: Envelope) -> DeliveryResult {
        do {
            if !prepared {
                for sub in ["", "/tmp", "/new", "/cur"] { try Files.makeDirectory(directory + sub) }
                prepared = true
            }
            sequence += 1
            let now = Date().timeIntervalSince1970
            let name = "\(Int(now)).\(envelope.jobID).P\(ProcessIdentity.current)Q\(sequence).eml"
            try Files.writeDurably(Data(message), to: "\(directory)/tmp/\(name)", modified: nil)
            do {
                try Files.rename("\(directory)/tmp/\(name)", "\(directory)/new/\(name)")
            } catch {
                unlink("\(directory)/tmp/\(name)")  // never leave a half-delivered message behind
                return DeliveryResult(outcome: .deferred, code: 0, reply: "outbox: \(error.description)", phase: .connect)
            }
            try Files.syncDirectory("\(directory)/new")
            return DeliveryResult(outcome: .sent, code: 250, reply: "written to \(directory)/new/\(name)", phase: .done)
        } catch {
            return DeliveryResult(outcome: .deferred, code: 0, reply: "outbox: \(error.description)", phase: .connect)
        }
    }
}
