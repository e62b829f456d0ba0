// DirectorySpool+Scan.swift — listings the worker needs: ready ids in new/, deferred due times, counts per state.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

extension DirectorySpool {
    /// What one listing of `new/` found.
    public struct NewScan: Sendable {
        /// Ids of entries named `<id>.json` (not yet opened: a hostile one is quarantined when claimed).
        public var ids: [String] = []
        /// Odd names moved to `corrupt/`, as printable text.
        public var quarantined: [String] = []
        /// Odd names that could not be moved, with the error.
        public var errors: [String] = []
    }

    /// Lists `new/`: valid names become ids; other names (spaces, extra dots, too long, not
    /// UTF-8) are quarantined by their raw bytes; dot files are a producer's business and left alone.
    public func scanNew() throws(SpoolError) -> NewScan {
        var scan = NewScan()
        for raw in try spoolIO(Files.listRaw(path(.new))) where raw.first != 0x2E {
            if let text = String(validating: raw, as: UTF8.self), let id = JobID.fromFileName(text) {
                scan.ids.append(id)
                continue
            }
            let printable = Sanitize.line(String(decoding: raw, as: UTF8.self), limit: 120)
            do {
                try quarantine(rawName: raw, from: .new, reason: "file name does not follow <id>.json with id [A-Za-z0-9_-]{1,64}")
                scan.quarantined.append(printable)
            } catch {
                scan.errors.append("\(printable): \(error.description)")
            }
        }
        return scan
    }

    /// Every deferred job with its due time (its file's mtime): one `lstat` per job, for the
    /// worker's schedule at start and its periodic rescan.
    public func deferredDueTimes() throws(SpoolError) -> [(id: String, due: Date)] {
        var result: [(id: String, due: Date)] = []
        for name in try entries(in: .deferred) {
            guard let id = JobID.fromFileName(name) else { continue }
            var info = stat()
            guard lstat(path(.deferred, name), &info) == 0 else { continue }
            result.append((id, Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec))))
        }
        return result
    }

    /// Moves deferred job `id` into `new/` if its mtime says it is due at `now`; returns the
    /// time it is really due when another worker re-deferred it meanwhile, nil when moved or gone.
    public func requeueIfDue(id: String, now: Date) throws(SpoolError) -> Date? {
        var info = stat()
        guard lstat(path(.deferred, "\(id).json"), &info) == 0 else { return nil }
        let due = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec))
        if due > now { return due }
        do {
            try requeue(id: id, from: .deferred)
        } catch .io(let failure) where failure.isNotFound {
            return nil  // another worker took it first
        }
        return nil
    }

    /// How many jobs (`*.json`) each state directory holds; a directory that cannot be read is left out.
    public func counts() -> [SpoolState: Int] {
        var counts: [SpoolState: Int] = [:]
        for state in SpoolState.allCases {
            guard let names = try? Files.listRaw(path(state)) else { continue }
            counts[state] = names.filter { $0.count > 5 && $0.first != 0x2E && $0.suffix(5) == Array(".json".utf8) }.count
        }
        return counts
    }
}
