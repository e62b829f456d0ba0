// OperatorFormat+Reports.swift — status, show and purge as text and as JSON.
import Foundation
import HikyakuBase
import HikyakuSpool

extension StatusReport {
    /// A table of states, then the last hour and the last error, its time in `zone`.
    public func text(zone: DisplayZone = .utc) -> String {
        var rows = [["STATE", "JOBS", "OLDEST", "OLDEST JOB"]]
        for line in states {
            rows.append([line.state.rawValue, String(line.count), line.oldestAge.map(TimeSpan.format) ?? "-", line.oldestID ?? "-"])
        }
        var lines = OperatorFormat.table(rows)
        lines.append("last hour: \(deliveredLastHour) delivered, \(failedLastHour) failed")
        if let error = lastError {
            lines.append(
                "last error: \(zone.string(error.at)) \(error.id) (\(error.state.rawValue)): \(Sanitize.line(RecipientMask.maskAddresses(in: error.reply), limit: 200))"
            )
        } else {
            lines.append("last error: none in the spool")
        }
        if !inbound.isEmpty {
            let counts = InboundState.allCases.filter { $0 != .tmp }.map { "\(inbound[$0] ?? 0) \($0.rawValue)" }
            lines.append("inbound: " + counts.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// `{"time":…,"states":{"new":{"count":…,"oldest_age_seconds":…,"oldest_id":…},…},
    /// "last_hour":{"delivered":…,"failed":…},"last_error":{…}|null,"inbound":{"new":…,"done":…,"other":…,"quarantine":…}}`.
    public func json() -> String {
        var byState: [String: JSONValue] = [:]
        for line in states {
            var object: [String: JSONValue] = ["count": .int(line.count)]
            object["oldest_age_seconds"] = line.oldestAge.map { .int(Int(max(0, $0))) }
            object["oldest_id"] = line.oldestID.map(JSONValue.string)
            byState[line.state.rawValue] = .object(object)
        }
        var error = JSONValue.null
        if let last = lastError {
            var object: [String: JSONValue] = [
                "at": .string(Timestamp.iso8601(last.at)), "id": .string(last.id), "state": .string(last.state.rawValue),
                "reply": .string(Sanitize.line(RecipientMask.maskAddresses(in: last.reply), limit: 400)),
            ]
            object["code"] = last.code.map(JSONValue.int)
            error = .object(object)
        }
        return OperatorFormat.json([
            "time": .string(Timestamp.iso8601(now)), "states": .object(byState),
            "last_hour": ["delivered": .int(deliveredLastHour), "failed": .int(failedLastHour)], "last_error": error,
            "inbound": .object(
                Dictionary(
                    uniqueKeysWithValues: InboundState.allCases.filter { $0 != .tmp }.map { ($0.rawValue, JSONValue.int(inbound[$0] ?? 0)) }
                )),
        ])
    }
}

extension JobDetail {
    /// The job field by field (recipient masked), its token state, then one line per attempt,
    /// times in `zone`.
    public func text(now: Date, zone: DisplayZone = .utc) -> String {
        var rows: [[String]] = [["id", entry.id], ["state", entry.state.rawValue + "/"]]
        if let reason = entry.reason { rows.append(["reason", Sanitize.line(RecipientMask.maskAddresses(in: reason), limit: 400)]) }
        if let problem = entry.problem { rows.append(["problem", Sanitize.line(problem, limit: 400)]) }
        if let record = entry.record {
            rows += [
                ["kind", OperatorFormat.line(entry.kind)], ["locale", OperatorFormat.line(entry.locale)],
                ["to", entry.recipient.map(RecipientMask.mask) ?? "-"],
                ["login_id", OperatorFormat.line(record.job["login_id"]?.stringValue)],
                ["received", stamp(record.receivedAt, now: now, zone: zone)],
            ]
            if let at = record.issuedAt { rows.append(["issued", stamp(at, now: now, zone: zone)]) }
            if let at = record.expiresAt { rows.append(["expires", stamp(at, now: now, zone: zone)]) }
            if let at = record.nextAttemptAt { rows.append(["next attempt", stamp(at, now: now, zone: zone)]) }
            if let reason = record.failureReason {
                rows.append(["failure", Sanitize.line(RecipientMask.maskAddresses(in: reason), limit: 400)])
            }
            if record.replays > 0 { rows.append(["replays", String(record.replays)]) }
            for note in record.inbound {
                let verdict = note.kind == "bounce" ? (note.hard ? "hard " : "soft ") : ""
                let trust = note.verified ? "" : ", unverified"
                rows.append([
                    "came back",
                    "\(zone.string(note.at)) \(verdict)\(note.kind) \(note.status ?? "-") \(note.reason) (inbound \(note.message)\(trust))",
                ])
            }
        }
        if let token { rows.append(tokenRow(token, now: now, zone: zone)) }
        rows.append(["attempts", String(entry.attemptCount)])
        var lines = OperatorFormat.table(rows.map { [$0[0] + ":", $0[1]] })
        let attempts = (entry.record?.attempts ?? []).enumerated().map { index, attempt in
            [
                "  \(index + 1).", zone.string(attempt.at), attempt.outcome.rawValue, String(attempt.code), attempt.phase,
                "\(attempt.durationMilliseconds) ms" + (attempt.possibleDuplicate ? " (possible duplicate)" : ""),
                Sanitize.line(RecipientMask.maskAddresses(in: attempt.reply), limit: 400),
            ]
        }
        lines += OperatorFormat.table(attempts)
        return lines.joined(separator: "\n")
    }

    /// The record as stored, without its seed, plus `state`, `reason` and `token`.
    public func json() -> String {
        var object: [String: JSONValue] = [
            "id": .string(entry.id), "state": .string(entry.state.rawValue), "modified": .string(Timestamp.iso8601(entry.modified)),
        ]
        if let record = entry.record, case .object(var stored)? = try? JSONValue.parse(record.encoded()) {
            // The seed turns into the token with the server secret: never shown, nor its MAC.
            stored["seed"] = nil
            stored["seed_mac"] = nil
            stored["secret_issued"] = .bool(record.seed != nil)
            object["record"] = .object(stored)
        }
        object["reason"] = entry.reason.map(JSONValue.string)
        object["problem"] = entry.problem.map(JSONValue.string)
        object["token"] = token.map { .object(tokenObject($0)) } ?? .null
        return OperatorFormat.json(.object(object))
    }

    private func stamp(_ date: Date, now: Date, zone: DisplayZone) -> String {
        let delta = now.timeIntervalSince(date)
        return zone.string(date) + (delta >= 0 ? " (\(TimeSpan.format(delta)) ago)" : " (in \(TimeSpan.format(-delta)))")
    }

    private func tokenRow(_ token: TokenReport, now: Date, zone: DisplayZone) -> [String] {
        switch token {
        case .link(let purpose, nil): return ["link", "\(purpose.rawValue): none issued for this job's current seed"]
        case .link(let purpose, let state?):
            let status = state.status == .active && state.isExpired ? "expired" : state.status.rawValue
            return ["link", "\(purpose.rawValue): \(status), expires \(stamp(state.expiresAt, now: now, zone: zone))"]
        case .otp(let status, let issued):
            let code =
                status.hasActiveCode ? "an active code until \(status.expiresAt.map(zone.string) ?? "?")" : "no active code"
            let lock = status.locked ? "LOCKED" : "\(status.attemptsLeft) attempts left"
            return [
                "otp",
                "login \(Sanitize.line(status.loginID)): \(code), \(lock)" + (issued ? "" : " (this job has not issued its code yet)"),
            ]
        case .unavailable(let why): return ["token", "unknown: \(Sanitize.line(why, limit: 200))"]
        }
    }

    private func tokenObject(_ token: TokenReport) -> [String: JSONValue] {
        switch token {
        case .link(let purpose, nil): return ["type": "link", "purpose": .string(purpose.rawValue), "status": "not_issued"]
        case .link(let purpose, let state?):
            var object: [String: JSONValue] = [
                "type": "link", "purpose": .string(purpose.rawValue), "status": .string(state.status.rawValue),
                "issued_at": .string(Timestamp.iso8601(state.issuedAt)), "expires_at": .string(Timestamp.iso8601(state.expiresAt)),
                "expired": .bool(state.isExpired),
            ]
            object["used_at"] = state.usedAt.map { .string(Timestamp.iso8601($0)) }
            return object
        case .otp(let status, let issued):
            var object: [String: JSONValue] = [
                "type": "otp", "login_id": .string(status.loginID), "locked": .bool(status.locked),
                "failed_attempts": .int(status.failedAttempts), "attempts_left": .int(status.attemptsLeft),
                "has_active_code": .bool(status.hasActiveCode), "issued_by_job": .bool(issued),
            ]
            object["expires_at"] = status.expiresAt.map { .string(Timestamp.iso8601($0)) }
            return object
        case .unavailable(let why): return ["type": "unavailable", "reason": .string(why)]
        }
    }
}

extension PurgeReport {
    /// The summary line: `purged 12 from sent/ (modified before …)`.
    public func text() -> String {
        let orphans = orphanReasons > 0 ? ", and \(orphanReasons) orphan reason file(s)" : ""
        let skips = skipped.isEmpty ? "" : "; \(skipped.count) left alone"
        return "purged \(removed.count) from \(state.rawValue)/ (modified before \(Timestamp.iso8601(cutoff)))\(orphans)\(skips)"
    }

    /// `{"state":…,"cutoff":…,"purged":n,"ids":[…],"orphan_reasons":n,"had_errors":false,"skipped":[{"name":…,"why":…}]}`.
    public func json() -> String {
        OperatorFormat.json([
            "state": .string(state.rawValue), "cutoff": .string(Timestamp.iso8601(cutoff)), "purged": .int(removed.count),
            "ids": .array(removed.map(JSONValue.string)), "orphan_reasons": .int(orphanReasons), "had_errors": .bool(hadErrors),
            "skipped": .array(skipped.map { ["name": .string($0.name), "why": .string($0.why)] }),
        ])
    }
}
