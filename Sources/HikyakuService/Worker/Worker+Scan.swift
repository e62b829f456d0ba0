// Worker+Scan.swift — the loop's spool chores: ready ids, due deferred jobs, orphan recovery, the metrics file.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuSpool

extension Worker {
    /// Ids in new/; odd names (not dot files) are quarantined so they never block anything.
    func readyIDs() -> [String] {
        let scan: DirectorySpool.NewScan
        do {
            scan = try spool.scanNew()
        } catch {
            log.event("scan_error", ["state": "new", "error": error.description])
            return []
        }
        for name in scan.quarantined {
            log.event(
                "quarantined",
                [
                    "job": nil, "name": name, "kind": "unknown", "state": "corrupt", "attempt": 0,
                    "reason": "odd file name in new/",
                ])
            metrics.record(JobReport(id: name, kind: "unknown", state: .corrupt))
        }
        for problem in scan.errors { log.event("quarantine_error", ["state": "new", "error": problem]) }
        return scan.ids
    }

    /// Moves deferred jobs whose time has come (per the schedule) back into new/ and queues them.
    /// Each one's mtime is checked first: another worker may have deferred it again meanwhile.
    func promoteDue() {
        let now = clock.now()
        for id in schedule.takeDue(now: now) {
            do {
                if let later = try spool.requeueIfDue(id: id, now: now) {
                    schedule.add(id, due: later)
                    continue
                }
                queue.push([id])
            } catch {
                // A job of that id waits in new/ (or the spool cannot be written): try again in a minute.
                log.event("requeue_error", ["job": id, "state": "deferred", "error": error.description])
                schedule.add(id, due: now.addingTimeInterval(Worker.slowScanInterval))
            }
        }
    }

    /// Lists deferred/ into the schedule (at start, then every minute for other workers' deferrals).
    func rescanDeferred() {
        do {
            for (id, due) in try spool.deferredDueTimes() { schedule.add(id, due: due) }
        } catch {
            log.event("scan_error", ["state": "deferred", "error": error.description])
        }
    }

    /// Puts jobs whose worker is gone (no lock held on them) from active/ back into new/.
    func recoverOrphans() {
        do {
            let ids = try spool.recoverActive(now: clock.now())
            for id in ids {
                // Its worker died mid-job: if it had passed the final ".", the relay may already have it.
                let record = (try? spool.read(id: id, in: .new)).flatMap { try? JobParser.jsonObject($0) }
                    .map { JobRecord.decode(id: id, object: $0, now: clock.now()) }
                log.event(
                    "recovered",
                    [
                        "job": id, "kind": Sanitize.line(record?.job["kind"]?.stringValue ?? "unknown", limit: 40), "state": "new",
                        "attempt": record?.attempts.count ?? 0, "possible_duplicate": true,
                        "reason": "its worker is gone (was in active/)",
                    ])
            }
            metrics.recordRecovered(ids.count)
        } catch {
            log.event("recover_error", ["state": "active", "error": error.description])
        }
    }

    /// Rewrites the metrics file when its interval has passed.
    func writeMetricsIfDue() {
        if MonotonicClock.now() >= nextMetricsWrite { writeMetrics() }
    }

    /// Rewrites the metrics file now (a failure is logged; it never stops the worker).
    func writeMetrics() {
        guard let metricsFile else { return }
        nextMetricsWrite = MonotonicClock.deadline(after: metricsInterval)
        let text = metrics.snapshot().prometheusText(
            jobs: spool.counts(), inbound: spool.inbound.counts(), suppression: suppressionCounts())
        do {
            try metricsFile.write(text)
        } catch {
            log.event("metrics_error", ["path": metricsFile.path, "error": error.description])
        }
    }
}
