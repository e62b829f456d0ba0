// CurlTransport.swift — SMTP and SMTPS through libcurl: one reused connection per sending thread.
internal import CCurl
import Foundation
import HikyakuBase

/// Delivers over SMTP with one libcurl easy handle, so one connection is reused across messages.
/// This is the only file that imports `CCurl`.
public final class CurlTransport: Transport {
    /// Connection settings, fixed for the transport's life.
    public struct Settings: Sendable {
        public var scheme: String
        public var host: String
        public var port: Int
        public var smtp: SMTPSettings
        public var password: String?

        public init(scheme: String, host: String, port: Int, smtp: SMTPSettings, password: String?) {
            self.scheme = scheme
            self.host = host
            self.port = port
            self.smtp = smtp
            self.password = password
        }
    }

    /// libcurl's functions, resolved once per process (by the first transport, so the commands
    /// that never send mail do not load libcurl and the libraries it pulls in at start-up).
    // Unchecked: a C pointer is not Sendable, but the table it points at is filled once, when the
    // library loads, and only read afterwards.
    struct Library: @unchecked Sendable {
        let api: UnsafePointer<hk_curl_api>
    }

    /// The soname hikyaku opens: the runtime library, not the development symlink `libcurl.so`.
    static let soname = "libcurl.so.4"
    private static let library = load(soname)

    private let curl: UnsafePointer<hk_curl_api>
    private let handle: UnsafeMutableRawPointer?
    private let settings: Settings
    private let session = Session()
    private var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    /// After a failed transfer the connection may be dead but look intact: never reuse it.
    private var needsFreshConnection = false

    /// Creates a transport; the connection opens on the first `send`. The first transport in the
    /// process opens libcurl; throws `curlUnavailable` (every time) if it could not be loaded.
    public init(settings: Settings) throws(SMTPError) {
        self.curl = try CurlTransport.library.get().api
        self.settings = settings
        self.handle = curl.pointee.easy_init()
        configure()
    }

    deinit {
        if let handle { curl.pointee.easy_cleanup(handle) }  // sends QUIT on a live connection
    }

    /// Opens `soname`, resolves the functions this file calls and runs `curl_global_init`.
    /// Internal so a test can name a missing library. Never unloads: the table is for the process.
    static func load(_ soname: String) -> Result<Library, SMTPError> {
        let api = UnsafeMutablePointer<hk_curl_api>.allocate(capacity: 1)
        if let failure = hk_curl_load(soname, api) {
            api.deallocate()
            return .failure(.curlUnavailable(library: soname, reason: String(cString: failure)))
        }
        let code = api.pointee.global_init(Int(CURL_GLOBAL_DEFAULT))
        guard code == CURLE_OK else {
            let reason = "curl_global_init: " + String(cString: api.pointee.easy_strerror(code))
            api.deallocate()
            return .failure(.curlUnavailable(library: soname, reason: reason))
        }
        return .success(Library(api: UnsafePointer(api)))
    }

    private func configure() {
        guard let h = handle else { return }
        let smtp = settings.smtp
        // The EHLO name travels in the URL path (libcurl has no separate option).
        let helo = smtp.helo.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "localhost"
        _ = hk_setopt_str(curl, h, CURLOPT_URL, "\(settings.scheme)://\(settings.host):\(settings.port)/\(helo)")
        _ = hk_setopt_long(curl, h, CURLOPT_NOSIGNAL, 1)
        _ = hk_setopt_long(curl, h, CURLOPT_UPLOAD, 1)
        _ = hk_setopt_long(curl, h, CURLOPT_CONNECTTIMEOUT, smtp.timeoutSeconds)
        _ = hk_setopt_long(curl, h, CURLOPT_SERVER_RESPONSE_TIMEOUT, smtp.timeoutSeconds)
        _ = hk_setopt_long(curl, h, CURLOPT_TIMEOUT, smtp.timeoutSeconds * 4)
        // With credentials, "opportunistic" means "required": a relay (or an attacker stripping
        // STARTTLS) must never get the password in clear text. Only an explicit "off" allows it.
        let tls: curl_usessl =
            switch smtp.starttls {
            case .required: CURLUSESSL_ALL
            case .opportunistic: smtp.username == nil ? CURLUSESSL_TRY : CURLUSESSL_ALL
            case .off: CURLUSESSL_NONE
            }
        _ = hk_setopt_long(curl, h, CURLOPT_USE_SSL, Int(tls.rawValue))
        if let ca = smtp.caFile { _ = hk_setopt_str(curl, h, CURLOPT_CAINFO, ca) }
        if !smtp.tlsVerify {
            _ = hk_setopt_long(curl, h, CURLOPT_SSL_VERIFYPEER, 0)
            _ = hk_setopt_long(curl, h, CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let user = smtp.username { _ = hk_setopt_str(curl, h, CURLOPT_USERNAME, user) }
        if let password = settings.password { _ = hk_setopt_str(curl, h, CURLOPT_PASSWORD, password) }
        errorBuffer.withUnsafeMutableBufferPointer { _ = hk_setopt_ptr(curl, h, CURLOPT_ERRORBUFFER, $0.baseAddress) }
        let context = Unmanaged.passUnretained(session).toOpaque()
        _ = hk_setopt_readfn(curl, h, curlRead)
        _ = hk_setopt_ptr(curl, h, CURLOPT_READDATA, context)
        // The wire log is how the trace sees each command and reply; nothing is printed.
        _ = hk_setopt_long(curl, h, CURLOPT_VERBOSE, 1)
        _ = hk_setopt_debugfn(curl, h, curlDebug)
        _ = hk_setopt_ptr(curl, h, CURLOPT_DEBUGDATA, context)
    }

    public func send(_ message: [UInt8], envelope: Envelope) -> DeliveryResult {
        guard let h = handle else {
            return DeliveryResult(outcome: .deferred, code: 0, reply: "libcurl: curl_easy_init failed", phase: .connect)
        }
        session.begin(message)
        errorBuffer[0] = 0
        _ = hk_setopt_str(curl, h, CURLOPT_MAIL_FROM, "<\(envelope.sender)>")
        var recipients: UnsafeMutablePointer<curl_slist>? = nil
        for address in envelope.recipients { recipients = curl.pointee.slist_append(recipients, "<\(address)>") }
        defer { curl.pointee.slist_free_all(recipients) }
        _ = hk_setopt_slist(curl, h, CURLOPT_MAIL_RCPT, recipients)
        _ = hk_setopt_off(curl, h, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.count))
        _ = hk_setopt_long(curl, h, CURLOPT_FRESH_CONNECT, needsFreshConnection ? 1 : 0)

        let code = curl.pointee.easy_perform(h)
        if code == CURLE_SEND_ERROR { readPendingReply(h) }

        var responseCode = 0
        _ = hk_getinfo_long(curl, h, CURLINFO_RESPONSE_CODE, &responseCode)
        let detail = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let message = detail.isEmpty ? String(cString: curl.pointee.easy_strerror(code)) : detail
        let result = ReplyClassifier.classify(
            curlCode: Int(code.rawValue), curlMessage: "curl \(code.rawValue): \(message)",
            responseCode: responseCode, trace: session.trace)
        needsFreshConnection = code != CURLE_OK
        return result
    }

    /// After a send failure, the relay's reply may already wait in the socket: a relay that
    /// refuses a message while it is being sent answers (550, 552…) and closes, so libcurl's next
    /// write breaks before it ever reads the answer. Reads what is there without waiting, and
    /// hands its lines to the trace, so the attempt is judged by the relay's own reply.
    private func readPendingReply(_ h: UnsafeMutableRawPointer) {
        var socket: curl_socket_t = -1
        guard hk_getinfo_socket(curl, h, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK, socket >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        guard count > 0 else { return }
        buffer.withUnsafeBytes { session.trace.record(chunk: UnsafeRawBufferPointer(rebasing: $0[0..<count]), outgoing: false) }
    }
}

/// Per-transfer state reached from libcurl's C callbacks.
final class Session {
    var body: [UInt8] = []
    /// How much of `body` libcurl has read from us.
    var offset = 0
    /// How much libcurl reports written to the connection (its debug callback's DATA_OUT).
    var written = 0
    var trace = SMTPTrace()

    func begin(_ message: [UInt8]) {
        body = message
        offset = 0
        written = 0
        trace = SMTPTrace()
    }
}

/// libcurl's read callback: hands out the message. Handing it out is not sending it: the trace
/// learns the body is finished from the debug callback, once libcurl has written it.
private func curlRead(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let userdata else { return 0 }
    let session = Unmanaged<Session>.fromOpaque(userdata).takeUnretainedValue()
    let n = min(size * count, session.body.count - session.offset)
    guard n > 0 else { return 0 }
    session.body.withUnsafeBufferPointer { source in
        UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + session.offset, byteCount: n)
    }
    session.offset += n
    return n
}

/// libcurl's debug callback: commands out and replies in feed the trace (AUTH lines are not kept);
/// the body's bytes out tell when all of it was written (the final "." comes next).
private func curlDebug(
    _ handle: UnsafeMutableRawPointer?, _ type: curl_infotype, _ data: UnsafeMutablePointer<CChar>?, _ size: Int,
    _ userdata: UnsafeMutableRawPointer?
) -> Int32 {
    guard let data, let userdata else { return 0 }
    let session = Unmanaged<Session>.fromOpaque(userdata).takeUnretainedValue()
    if type == CURLINFO_DATA_OUT {
        // Dot-stuffing may add bytes, never remove them: written ≥ the body means all of it is out.
        session.written += size
        if session.written >= session.body.count { session.trace.bodyFinished() }
        return 0
    }
    guard type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT else { return 0 }
    // Read in place: this runs for every line of every transfer.
    session.trace.record(chunk: UnsafeRawBufferPointer(start: data, count: size), outgoing: type == CURLINFO_HEADER_OUT)
    return 0
}
