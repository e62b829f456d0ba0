// ReplyClassifier.swift — turns curl's return code, the response code and the trace into sent/deferred/failed.
import Foundation

/// Classifies one libcurl SMTP attempt.
///
/// Rules: 2xx → sent; 4xx, connection refused, timeouts and disconnects before the final "." →
/// deferred; 5xx to MAIL, RCPT, DATA or the final "." → failed; a 5xx greeting, EHLO or AUTH is
/// about the relay, not this message → deferred; a disconnect or timeout after the final "." →
/// deferred and flagged as a possible duplicate. A send failure means the final "." was never
/// (completely) written, so the relay cannot have taken the message: deferred, never a duplicate.
public enum ReplyClassifier {
    /// libcurl return codes the classifier names (from curl.h).
    enum CurlCode {
        static let ok = 0, couldNotResolve = 6, couldNotConnect = 7, weirdReply = 8, timeout = 28
        static let sendError = 55, recvError = 56, useSSLFailed = 64, loginDenied = 67
    }

    /// Classifies an attempt. `responseCode` is `CURLINFO_RESPONSE_CODE`, trusted only when the
    /// trace shows the current command was answered.
    public static func classify(curlCode: Int, curlMessage: String, responseCode: Int, trace: SMTPTrace) -> DeliveryResult {
        // A send failure after the body was out broke the final "." itself: it was never
        // (completely) written, so the message was never complete at the relay.
        var phase = trace.phase
        if curlCode == CurlCode.sendError && phase == .dot { phase = .data }
        let fresh = trace.replied
        // The trace's own code is the reply it saw (also one read from the socket after a send
        // failure, which libcurl never saw); libcurl's code is the fall-back.
        let code = fresh ? (trace.lastCode != 0 ? trace.lastCode : responseCode) : 0
        let reply = fresh && !trace.lastReply.isEmpty ? trace.lastReply : curlMessage
        if curlCode == CurlCode.ok {
            return DeliveryResult(outcome: .sent, code: code == 0 ? 250 : code, reply: reply, phase: .done)
        }
        if fresh && (400..<500).contains(code) {
            return DeliveryResult(outcome: .deferred, code: code, reply: reply, phase: phase)
        }
        if fresh && (500..<600).contains(code) {
            let aboutMessage = [SMTPPhase.mail, .rcpt, .data, .dot].contains(phase)
            return DeliveryResult(outcome: aboutMessage ? .failed : .deferred, code: code, reply: reply, phase: phase)
        }
        // STARTTLS required but not offered (or refused): nothing was sent in clear text.
        if curlCode == CurlCode.useSSLFailed {
            return DeliveryResult(outcome: .deferred, code: 0, reply: curlMessage, phase: .starttls)
        }
        // No fresh reply: refused, timed out, or the connection broke. Only a "." that was
        // written and then lost its reply may have delivered the message.
        if curlCode == CurlCode.couldNotConnect || curlCode == CurlCode.couldNotResolve { phase = .connect }
        return DeliveryResult(outcome: .deferred, code: 0, reply: curlMessage, phase: phase, possibleDuplicate: phase == .dot)
    }
}
