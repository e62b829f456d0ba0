// ReplyClassifier.swift — turns curl's return code, the response code and the trace into sent/deferred/failed.
import Foundation

/// Classifies one libcurl SMTP attempt.
///
/// Rules: 2xx → sent; 4xx, connection refused, timeouts and disconnects before the final "." →
/// deferred; 5xx to MAIL, RCPT, DATA or the final "." → failed; a 5xx greeting, EHLO or AUTH is
/// about the relay, not this message → deferred; a disconnect or timeout after the final "." →
/// deferred and flagged as a possible duplicate.
public enum ReplyClassifier {
    /// libcurl return codes the classifier names (from curl.h).
    enum CurlCode {
        static let ok = 0, couldNotResolve = 6, couldNotConnect = 7, weirdReply = 8, timeout = 28
        static let sendError = 55, recvError = 56, useSSLFailed = 64, loginDenied = 67
    }

    /// Classifies an attempt. `responseCode` is `CURLINFO_RESPONSE_CODE`, trusted only when the
    /// trace shows the current command was answered.
    public static func classify(curlCode: Int, curlMessage: String, responseCode: Int, trace: SMTPTrace) -> DeliveryResult {
        let fresh = trace.replied
        let code = fresh ? (responseCode != 0 ? responseCode : trace.lastCode) : 0
        let reply = fresh && !trace.lastReply.isEmpty ? trace.lastReply : curlMessage
        if curlCode == CurlCode.ok {
            return DeliveryResult(outcome: .sent, code: code == 0 ? 250 : code, reply: reply, phase: .done)
        }
        if fresh && (400..<500).contains(code) {
            return DeliveryResult(outcome: .deferred, code: code, reply: reply, phase: trace.phase)
        }
        if fresh && (500..<600).contains(code) {
            let aboutMessage = [SMTPPhase.mail, .rcpt, .data, .dot].contains(trace.phase)
            return DeliveryResult(outcome: aboutMessage ? .failed : .deferred, code: code, reply: reply, phase: trace.phase)
        }
        // STARTTLS required but not offered (or refused): nothing was sent in clear text.
        if curlCode == CurlCode.useSSLFailed {
            return DeliveryResult(outcome: .deferred, code: 0, reply: curlMessage, phase: .starttls)
        }
        // No fresh reply: refused, timed out, or the connection broke. The outcome is unknown.
        let phase: SMTPPhase = curlCode == CurlCode.couldNotConnect || curlCode == CurlCode.couldNotResolve ? .connect : trace.phase
        return DeliveryResult(outcome: .deferred, code: 0, reply: curlMessage, phase: phase, possibleDuplicate: phase == .dot)
    }
}
