// GroupCommit.swift — the spool's committer thread: final records made durable in groups (group commit).
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// Makes the final moves of finished jobs (into `sent/`, `deferred/`, `failed/`) durable in
/// groups, off the sending threads. A sending thread writes the new record into `tmp/` and
/// queues it; the committer takes everything queued and, for the whole group:
///
/// 1. makes the files' contents durable (`FileSystemSync`): `fsync` each for a few files, else
///    one `syncfs` per file system (one write-back and one device flush instead of one per file);
/// 2. renames each file into its state directory — never before step 1 succeeded, so a state
///    directory never names a record whose contents are not durable;
/// 3. `fsync`s each state directory once;
/// 4. only then removes the job's old copy (if the name still points at it: see `owned`), and
///    runs the entry's completion.
///
/// A job is therefore reported only once it is durable in its new state, and it is
/// never without a durable copy: until step 3 the old copy stays where it was, and if any step
/// fails the completion gets the error and the job stays put (start-up recovery resolves it).
/// `hikyaku-bench` measured about 1.4 ms per synced file under load against one `syncfs` per
/// group. The worker's sending threads do not wait: they go on to the next mail while the job
/// stays claimed until its entry's completion (record durable), and a failed write is retried
/// on a thread of its own (`JobProcessor+Finish`). `moveGroupedAndWait` is the waiting form.
// Unchecked: the queue waits on a condition (full, empty, idle with a timeout), which a Mutex
// cannot express; every field below `condition` is read and written only while it is locked.
final class GroupCommit: @unchecked Sendable {
    /// One queued move.
    struct Entry {
        /// The new record, written and still open, in `tmp/`.
        var descriptor: Int32
        var temporary: String
        var destination: String
        var directory: String
        /// Renamed with the record (a failed job's `.reason`), written and open in `tmp/`.
        var companions: [Companion] = []
        /// A line for the group's one events file (`GroupCommit+Events`).
        var event: Event? = nil
        /// Removed once the new copy is durable.
        var obsolete: [String]
        /// For obsolete paths this process holds open (a claimed job): removed only while the
        /// name still points at that file, never at a newer claim of the same job id.
        var owned: [String: FileIdentity] = [:]
        var completion: @Sendable (SpoolError?) -> Void
    }

    /// A file that becomes durable, and visible, with a record.
    struct Companion {
        var descriptor: Int32
        var temporary: String
        var destination: String
        /// The directory synced for it (the record's).
        var directory: String
    }

    /// Queued entries beyond this make `enqueue` wait (bounds memory and open descriptors).
    static let capacity = 128
    /// A group waits for up to this many entries…
    static let lingerEntries = 8
    /// … for at most `lingerSeconds` (1 ms by default), and only while more entries are
    /// expected (see `expected`): a busy worker's records then share one events file and one
    /// sync of each directory, while a lone job's record is committed at once.
    let lingerSeconds: TimeInterval
    /// How long the committer thread waits for work before it ends.
    let idleSeconds: TimeInterval
    /// How many entries may still come soon (the claims held, each a job whose record is to
    /// come, queued ones included); 0 when unknown.
    let expected: @Sendable () -> Int

    init(idleSeconds: TimeInterval = 5, lingerSeconds: TimeInterval = 0.001, expected: @escaping @Sendable () -> Int = { 0 }) {
        self.idleSeconds = idleSeconds
        self.lingerSeconds = lingerSeconds
        self.expected = expected
    }

    private let condition = NSCondition()
    private var queued: [Entry] = []
    private var inFlight = 0
    private var started = false
    /// While the committer lingers, `enqueue` wakes it only once it has this many entries.
    private var lingerGoal: Int?

    /// Queues `entry`; waits while `capacity` entries are already queued. Starts the committer
    /// thread on first use. The committer owns (and closes) the entry's descriptors.
    func enqueue(_ entry: Entry) {
        condition.lock()
        while queued.count >= GroupCommit.capacity { condition.wait() }
        queued.append(entry)
        if !started {
            started = true
            Thread.detachNewThread { [self] in
                Thread.current.name = "hikyaku-commit"
                loop()
            }
        }
        if queued.count >= lingerGoal ?? 0 { condition.broadcast() }
        condition.unlock()
    }

    /// Blocks until every entry queued so far is committed and its completion has run.
    func drain() {
        condition.lock()
        while !queued.isEmpty || inFlight > 0 { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while queued.isEmpty {
                // Idle for a while: end the thread (the next `enqueue` starts another), so a spool
                // used once does not keep a parked thread for the life of the process.
                if !condition.wait(until: Date().addingTimeInterval(idleSeconds)) && queued.isEmpty {
                    started = false
                    condition.unlock()
                    return
                }
            }
            linger()
            let group = queued
            queued.removeAll(keepingCapacity: true)
            inFlight = group.count
            condition.broadcast()
            condition.unlock()
            GroupCommit.commit(group)
            condition.lock()
            inFlight = 0
            condition.broadcast()
            condition.unlock()
        }
    }

    /// With `condition` held and entries queued: waits up to `lingerSeconds` for the group to
    /// reach `lingerEntries`, when at least that many are expected (see `expected`).
    private func linger() {
        let goal = GroupCommit.lingerEntries
        guard queued.count < goal, expected() >= goal else { return }
        lingerGoal = goal
        let deadline = Date().addingTimeInterval(lingerSeconds)
        while queued.count < goal && condition.wait(until: deadline) {}
        lingerGoal = nil
    }

    /// Steps 1–4 for one group.
    static func commit(_ group: [Entry]) {
        var failures = [SpoolError?](repeating: nil, count: group.count)
        // 1. Contents: the records, their companions and the group's one events file.
        let events = writeEvents(group, failures: &failures)
        let descriptors =
            group.flatMap { entry in
                [(entry.descriptor, entry.temporary)] + entry.companions.map { ($0.descriptor, $0.temporary) }
            } + (events.map { [($0.descriptor, $0.temporary)] } ?? [])
        if let failure = syncContents(descriptors) {
            for index in group.indices { failures[index] = failure }
        }
        for (descriptor, _) in descriptors { close(descriptor) }
        // 2. Names. The events first, for the reason companions go first below.
        var eventsDirectory: [Int: String] = [:]
        if let events {
            if !events.members.contains(where: { failures[$0] == nil }) {
                unlink(events.temporary)
            } else if rename(events.temporary, events.destination) == 0 {
                for index in events.members { eventsDirectory[index] = events.directory }
            } else {
                let failure = SpoolError.io(path: events.temporary, operation: "rename to \(events.destination)", errno: errno)
                for index in events.members where failures[index] == nil { failures[index] = failure }
                unlink(events.temporary)
            }
        }
        for (index, entry) in group.enumerated() where failures[index] == nil {
            // Companions first: a crash between the renames then leaves an event (or a reason)
            // for a job still in its old state, which is retried and announced again (at least
            // once), never a recorded outcome whose event is lost.
            for companion in entry.companions where rename(companion.temporary, companion.destination) != 0 {
                failures[index] = .io(path: companion.temporary, operation: "rename to \(companion.destination)", errno: errno)
                break
            }
            if failures[index] == nil, rename(entry.temporary, entry.destination) != 0 {
                failures[index] = .io(path: entry.temporary, operation: "rename to \(entry.destination)", errno: errno)
            }
        }
        // 3. Directories, once each.
        var directories: [String: SpoolError?] = [:]
        for (index, entry) in group.enumerated() where failures[index] == nil {
            for directory in [entry.directory] + entry.companions.map(\.directory) + (eventsDirectory[index].map { [$0] } ?? []) {
                if directories[directory] == nil {
                    do throws(SpoolError) {
                        try spoolIO(Files.syncDirectory(directory))
                        directories[directory] = .some(nil)
                    } catch {
                        directories[directory] = .some(error)
                    }
                }
                if case .some(.some(let failure)) = directories[directory], failures[index] == nil { failures[index] = failure }
            }
        }
        // 4. Old copies, then the report.
        for (index, entry) in group.enumerated() {
            if failures[index] == nil {
                for path in entry.obsolete {
                    // Like `move`: a copy that will not go is reported (recovery drops it at the next start).
                    let code = Files.remove(path, ifStill: entry.owned[path])
                    if code != 0 && code != ENOENT && failures[index] == nil {
                        failures[index] = .io(path: path, operation: "unlink", errno: code)
                    }
                }
            } else {
                unlink(entry.temporary)
                for companion in entry.companions { unlink(companion.temporary) }
            }
            entry.completion(failures[index])
        }
    }

    /// Makes the files' contents durable; the first error, if any.
    private static func syncContents(_ files: [(Int32, String)]) -> SpoolError? {
        guard let failure = FileSystemSync.contents(of: files.map(\.0)) else { return nil }
        return .io(path: files[failure.index].1, operation: failure.operation, errno: failure.errno)
    }
}
