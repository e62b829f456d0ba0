// Baselines.swift — what other tools move through the same kind of sink: smtp-source and Python smtplib.
import Foundation
import HikyakuBase
import HikyakuTestSupport

/// The reference loads the worker's figures are divided by, each into a fresh sink.
enum Baselines {
    static let smtpSource = "/usr/sbin/smtp-source"

    /// Messages/s of Postfix's `smtp-source`: `sessions` parallel sessions, each reusing its
    /// connection (`-d`), sending `messages` copies of `message` in all.
    static func smtpSource(
        message: MessageFile, sessions: Int, messages: Int, delayMilliseconds: Int,
        scratch: String
    ) throws -> Double {
        guard FileManager.default.isExecutableFile(atPath: smtpSource) else {
            throw BenchError.missingTool(path: smtpSource, hint: "install Debian's postfix package; scripts/test does")
        }
        let sink = try BenchSink(delayMilliseconds: delayMilliseconds)
        defer { sink.stop() }
        let errors = scratch + "/smtp-source.err"
        let run = try Spawn.run(
            smtpSource,
            [
                "-s", "\(sessions)", "-m", "\(messages)", "-d", "-F", message.lineFeedPath,
                "-f", "bench@example.jp", "-t", "rcpt@example.jp", "-M", "bench.invalid", "127.0.0.1:\(sink.port)",
            ], stderr: errors, timeout: 600)
        guard run.status == 0 else {
            throw BenchError.toolFailed(tool: "smtp-source", problem: "exit \(run.status): \(firstLine(errors))")
        }
        return Double(messages) / run.seconds
    }

    /// Messages/s of Python's `smtplib` over one connection (timed inside Python, from connect to QUIT).
    static func smtplib(message: MessageFile, messages: Int, delayMilliseconds: Int, scratch: String) throws -> Double {
        guard let python = Spawn.find("python3") else {
            throw BenchError.missingTool(path: "python3", hint: "install python3; scripts/test does")
        }
        let sink = try BenchSink(delayMilliseconds: delayMilliseconds)
        defer { sink.stop() }
        let output = scratch + "/smtplib.out", errors = scratch + "/smtplib.err"
        let run = try Spawn.run(
            python, ["-c", smtplibScript, "127.0.0.1", "\(sink.port)", "\(messages)", message.crlfPath],
            stdout: output, stderr: errors, timeout: 600)
        guard run.status == 0, let text = try? String(contentsOfFile: output, encoding: .utf8),
            let seconds = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), seconds > 0
        else {
            throw BenchError.toolFailed(tool: "python3 smtplib", problem: "exit \(run.status): \(firstLine(errors))")
        }
        return Double(messages) / seconds
    }

    /// One connection, `count` messages, the elapsed seconds on stdout.
    static let smtplibScript = """
        import smtplib, sys, time
        host, port, count, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        message = open(path, "rb").read()
        started = time.perf_counter()
        client = smtplib.SMTP(host, port, local_hostname="bench.invalid", timeout=30)
        for _ in range(count):
            client.sendmail("bench@example.jp", ["rcpt@example.jp"], message)
        client.quit()
        print(time.perf_counter() - started)
        """

    private static func firstLine(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return Sanitize.line(text.split(separator: "\n").last.map(String.init) ?? "no output", limit: 200)
    }
}

/// A plain message of a given size on the wire, in the two forms the baselines read.
struct MessageFile {
    /// LF line ends: smtp-source's `-F` appends CRLF to each line.
    let lineFeedPath: String
    /// CRLF line ends, for smtplib.
    let crlfPath: String

    /// Writes a message of `bytes` octets (CRLF counted) into `directory`.
    init(bytes: Int, directory: String) throws(BenchError) {
        var lines = [
            "From: bench@example.jp", "To: rcpt@example.jp", "Subject: bench", "Message-ID: <bench@example.jp>",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=us-ascii", "",
        ]
        var size = lines.reduce(0) { $0 + $1.utf8.count + 2 }
        let filler = String(repeating: "0123456789", count: 8).prefix(76)
        while size < bytes {
            let room = bytes - size - 2
            let line = String(filler.prefix(max(1, min(76, room))))
            lines.append(line)
            size += line.utf8.count + 2
        }
        lineFeedPath = directory + "/message.lf"
        crlfPath = directory + "/message.crlf"
        let lf = lines.joined(separator: "\n") + "\n", crlf = lines.joined(separator: "\r\n") + "\r\n"
        guard FileManager.default.createFile(atPath: lineFeedPath, contents: Data(lf.utf8)),
            FileManager.default.createFile(atPath: crlfPath, contents: Data(crlf.utf8))
        else { throw .io(path: directory, operation: "write the baseline message", errno: errno) }
    }
}
