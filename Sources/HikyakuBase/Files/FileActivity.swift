// FileActivity.swift — process-wide counts of files created and syncs issued, for the benchmark's per-job figures.

/// How many files this process created and how many syncs it issued, counted where they happen:
/// every `O_CREAT` that made a new file and every `fsync` goes through the `Files` layer
/// (`Files.write`, `createExclusive`, `openCreatingIfMissing`, `sync`, `syncDirectory`,
/// `FileSystemSync`) or notes itself here. One relaxed atomic add per event: cheap next to
/// the system call it counts. `hikyaku-bench` takes a snapshot before and after a drain and
/// divides the difference by the jobs (see docs/benchmarks.md).
package struct FileActivity: Equatable, Sendable {
    /// Regular files created (a new inode: a temporary, a record, a lock or count file).
    package var filesCreated: Int
    /// `fsync`/`fdatasync` calls on regular files.
    package var fileSyncs: Int
    /// `fsync` calls on directories (after a rename or an unlink in them).
    package var directorySyncs: Int
    /// `syncfs` calls (one write-back of a whole file system for a larger group).
    package var fileSystemSyncs: Int

    package init(filesCreated: Int = 0, fileSyncs: Int = 0, directorySyncs: Int = 0, fileSystemSyncs: Int = 0) {
        self.filesCreated = filesCreated
        self.fileSyncs = fileSyncs
        self.directorySyncs = directorySyncs
        self.fileSystemSyncs = fileSystemSyncs
    }

    /// The counts so far, since the process started.
    package static var now: FileActivity {
        FileActivity(
            filesCreated: created.current, fileSyncs: fileSynced.current, directorySyncs: directorySynced.current,
            fileSystemSyncs: fileSystemSynced.current)
    }

    /// What happened between `earlier` and `self`.
    package func since(_ earlier: FileActivity) -> FileActivity {
        FileActivity(
            filesCreated: filesCreated - earlier.filesCreated, fileSyncs: fileSyncs - earlier.fileSyncs,
            directorySyncs: directorySyncs - earlier.directorySyncs, fileSystemSyncs: fileSystemSyncs - earlier.fileSystemSyncs)
    }

    /// File and directory fsyncs together.
    package var fsyncs: Int { fileSyncs + directorySyncs }

    private static let created = AtomicCounter()
    private static let fileSynced = AtomicCounter()
    private static let directorySynced = AtomicCounter()
    private static let fileSystemSynced = AtomicCounter()

    /// A new regular file was created (call only when the `open` succeeded and made it).
    package static func noteCreated() { created.next() }
    /// An `fsync` or `fdatasync` of a regular file was issued (whatever its result).
    package static func noteFileSync() { fileSynced.next() }
    /// An `fsync` of a directory was issued.
    package static func noteDirectorySync() { directorySynced.next() }
    /// A `syncfs` was issued.
    package static func noteFileSystemSync() { fileSystemSynced.next() }
}
