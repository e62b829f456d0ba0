// InboundActions+Note.swift — a classified message reduced to the note its job keeps and the event the web tier reads.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuSpool

extension InboundActions {
    /// The note for `job`: the report's line for the job's address (else its only line), its
    /// hard/soft verdict, status and reason. Complaints and auto-replies carry no recipient line.
    static func note(_ report: InboundReport, job: Job?, verified: Bool, message: String, at now: Date) -> InboundNote {
        let line = recipient(report, job: job)
        let reason: String
        switch report.kind {
        case .complaint: reason = report.feedbackType.map { "feedback:" + Sanitize.line($0, limit: 40) } ?? "feedback"
        case .autoReply: reason = "vacation"
        default: reason = line?.reason.rawValue ?? "undefined"
        }
        return InboundNote(
            at: now, kind: report.kind.rawValue, hard: report.kind == .bounce && (line?.hard ?? false),
            status: line?.status.map { Sanitize.line($0, limit: 16) }, reason: reason, verified: verified, message: message)
    }

    /// The recipient line about the job's address, else the report's only line.
    static func recipient(_ report: InboundReport, job: Job?) -> InboundReport.Recipient? {
        if let to = job?.to.lowercased(), let line = report.recipients.first(where: { $0.address.lowercased() == to }) { return line }
        return report.recipients.count == 1 ? report.recipients[0] : nil
    }

    /// The event a verified note gives the web tier; nil for an auto-reply (recorded only).
    static func eventState(_ note: InboundNote) -> String? {
        switch note.kind {
        case "bounce": note.hard ? "bounced" : "soft_bounced"
        case "delayed": "delayed"
        case "complaint": "complained"
        default: nil
        }
    }

    /// The remote server's words for the job's address, one line, short (addresses are masked by `JobEvent`).
    static func diagnostic(_ report: InboundReport, job: Job?) -> String? {
        guard let text = recipient(report, job: job)?.diagnostic, !text.isEmpty else { return nil }
        return "(" + Sanitize.line(text, limit: 200) + ")"
    }
}
