// ComposePass.swift — `bench --compose-only`: the CPU cost of composing a mail and of a job's bookkeeping, no I/O.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool

/// Composes every job of a jobs directory (the fixtures) `rounds` times through the worker's own
/// `MailComposer`, with a fixed secret and clock, and separately times the per-job strings the
/// worker builds around it (parsing the job, encoding its record twice, one log line, the reply's
/// redaction and sanitising). Nothing touches a spool, a token store or the network. Times are
/// the thread's CPU time, so other load on the machine barely moves them.
public struct ComposePass: Sendable {
    /// What one run measured.
    public struct Report: Sendable {
        /// Mails composed (jobs × rounds).
        public let mails: Int
        /// Mean CPU microseconds (this thread's) per `compose` call.
        public let composeMicroseconds: Double
        /// Mean CPU microseconds of one job's bookkeeping (parse, two record encodings, a log line, reply).
        public let bookkeepingMicroseconds: Double
        /// Mean size of a composed mail, in bytes.
        public let averageBytes: Int
        /// FNV-1a 64 over every composed byte of one round, in job order: equal digests, equal mails.
        public let digest: String

        /// A few lines for a person.
        public func text() -> String {
            """
            compose-only: \(mails) mails (\(averageBytes) bytes on average), output digest \(digest)
              compose      \(String(format: "%.1f", composeMicroseconds)) µs/mail CPU
              bookkeeping  \(String(format: "%.1f", bookkeepingMicroseconds)) µs/job CPU (parse, 2 record encodings, log line, reply)
            """
        }
    }

    /// The composer under test (the config's templates, sender, links and charsets).
    public let composer: MailComposer
    /// The job files' bytes, by name (`password_reset-ja`), in name order.
    public let jobs: [(name: String, data: Data)]

    /// Reads every `*.json` of `directory`; throws `BenchError.io` if it cannot be listed or is empty.
    public init(composer: MailComposer, jobsDirectory directory: String) throws(BenchError) {
        self.composer = composer
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw .io(path: directory, operation: "list", errno: ENOENT)
        }
        guard !names.isEmpty else { throw .io(path: directory, operation: "find *.json in", errno: ENOENT) }
        jobs = names.compactMap { name in
            FileManager.default.contents(atPath: "\(directory)/\(name)").map { (String(name.dropLast(5)), $0) }
        }
    }

    /// Runs `rounds` rounds of each pass; throws the first job that does not parse or compose.
    public func run(rounds: Int) throws -> Report {
        let now = Date(timeIntervalSince1970: 1_795_259_100)
        let secret = try ServerSecret(bytes: Array(0..<32))
        let parsed = try jobs.map { item in (item.name, try JobParser.parse(item.data)) }
        let secrets = parsed.map { name, job in issued(job, name: name, secret: secret, now: now) }

        // Compose: the worker's step 5, nothing else.
        var digest = FNV1a()
        var bytes = 0
        let composeStart = Self.cpuNow()
        for round in 0..<rounds {
            for (index, (name, job)) in parsed.enumerated() {
                let mail = try composer.compose(job: job, id: name, stamp: "2026-11-21T11:05:00Z#0", date: now, secret: secrets[index])
                guard round == 0 else { continue }
                bytes += mail.bytes.count
                digest.combine(mail.bytes)
            }
        }
        let composeEnd = Self.cpuNow()

        // Bookkeeping: what the worker does per job around the mail, in memory.
        let reply = "250 2.0.0 Ok: queued as 4XyZ1B2c3D"
        let bookkeepingStart = Self.cpuNow()
        for _ in 0..<rounds {
            let log = Log(sink: .collect(LineCollector()), clock: FixedClock(now))
            for (index, item) in jobs.enumerated() {
                let object = try JobParser.jsonObject(item.data)
                var record = JobRecord.decode(id: item.name, object: object, now: now)
                _ = try JobParser.parse(object: record.job)
                record.seed = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
                record.issuedAt = now
                record.expiresAt = now.addingTimeInterval(3600)
                record.messageDate = now
                _ = record.encoded()
                let redacted = secrets[index].redacting(reply)
                record.attempts.append(
                    Attempt(
                        at: now, outcome: .sent, code: 250, reply: Sanitize.line(redacted, limit: 400),
                        phase: "dot", durationMilliseconds: 3, possibleDuplicate: false))
                _ = record.encoded()
                log.event(
                    "delivered",
                    [
                        "job": item.name, "kind": parsed[index].1.kind.name, "state": "sent", "attempt": 1,
                        "duration_ms": 3, "code": 250, "reply": Sanitize.line(redacted, limit: 200), "phase": "dot",
                        "possible_duplicate": false,
                    ])
            }
        }
        let bookkeepingEnd = Self.cpuNow()

        let mails = rounds * parsed.count
        return Report(
            mails: mails,
            composeMicroseconds: Double(composeEnd - composeStart) / 1000 / Double(mails),
            bookkeepingMicroseconds: Double(bookkeepingEnd - bookkeepingStart) / 1000 / Double(mails),
            averageBytes: bytes / max(1, parsed.count),
            digest: String(digest.value, radix: 16))
    }

    /// This thread's CPU time in nanoseconds: the figure stays put when other processes share the cores.
    private static func cpuNow() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// The link or code the worker would mail for `job`, derived from a fixed secret.
    private func issued(_ job: Job, name: String, secret: ServerSecret, now: Date) -> IssuedSecret {
        let seed = Array("compose/\(name)".utf8)
        return composer.secret(for: job, token: secret.linkToken(seed: seed), code: secret.otpCode(seed: seed), now: now)
    }
}
