// InboundProcessor+Message.swift — one inbound message: claim, classify, write the report, act, file; or quarantine.
import Foundation
import HikyakuBase
import HikyakuSpool

extension InboundProcessor {
    /// What became of one message.
    package enum Outcome: Sendable, Equatable {
        /// Filed in this state.
        case filed(InboundState)
        /// Not ours to process now: gone, or claimed by another worker.
        case skipped
        /// Left in `new/` after a failure; tried again next pass.
        case retry
    }

    /// The version of the stored report `<name>.json`.
    package static let recordVersion = 1

    /// Processes message `name` of `new/`: never throws, never deletes; logs what it did.
    package func process(_ name: InboundName) -> Outcome {
        let claim: InboundClaim
        do {
            switch try inbound.claim(name) {
            case .gone, .busy: return .skipped
            case .refused(let problem): return quarantine(name, reason: "inbound/new/\(name.fileName) \(problem)")
            case .claimed(let claimed): claim = claimed
            }
        } catch {
            log.event("inbound_error", ["name": name.stem, "error": error.description])
            return .retry
        }
        defer { inbound.release(claim) }
        let report: InboundReport
        do {
            report = try InboundClassifier.classify(claim.bytes, keys: keys, now: clock.now())
        } catch {
            return quarantine(name, reason: "not classified: \(error.description)")
        }
        let state: InboundState = name.isTruncated || report.kind == .other ? .other : .done
        do {
            try inbound.writeReport(record(name, size: claim.bytes.count, report: report), for: name, in: state)
        } catch {
            log.event("inbound_error", ["name": name.stem, "error": error.description])
            return .retry
        }
        // Before the move: a crash after the effects and before the move repeats them under the same name.
        if state == .done {
            do {
                try effects.apply(report, message: name)
            } catch {
                log.event("inbound_effects_error", ["name": name.stem, "kind": report.kind.rawValue, "error": "\(error)"])
                return .retry
            }
        }
        let filed: InboundState
        do {
            filed = try inbound.move(claim, into: state)
        } catch {
            log.event("inbound_error", ["name": name.stem, "error": error.description])
            return .retry
        }
        log.event(
            "inbound_processed",
            [
                "name": name.stem, "state": filed.rawValue, "kind": report.kind.rawValue, "format": report.format.rawValue,
                "recipients": report.recipients.count, "hard": report.recipients.filter(\.hard).count,
                "job": report.originalJob, "tag_present": report.tag.present, "tag_valid": report.tag.valid, "truncated": name.isTruncated,
            ])
        return .filed(filed)
    }

    /// Moves `name` to quarantine with `reason`, logging it; `.retry` when even that fails.
    private func quarantine(_ name: InboundName, reason: String) -> Outcome {
        do {
            try inbound.quarantine(name, from: .new, reason: reason)
        } catch {
            log.event("inbound_error", ["name": name.stem, "error": error.description])
            return .retry
        }
        log.event("inbound_quarantined", ["name": name.stem, "reason": Sanitize.line(reason, limit: 300)])
        return .filed(.quarantine)
    }

    /// The stored report: the message's name, source, times and size, and the classifier's verdict.
    func record(_ name: InboundName, size: Int, report: InboundReport) -> [UInt8] {
        let object: JSONValue = .object([
            "version": .int(Self.recordVersion), "name": .string(name.stem), "source": .string(name.source.rawValue),
            "received": .string(Timestamp.iso8601(name.received)), "processed": .string(Timestamp.iso8601(clock.now())),
            "size": .int(size), "truncated": .bool(name.isTruncated), "report": report.json,
        ])
        return JSONText.bytes(object) ?? []
    }
}
