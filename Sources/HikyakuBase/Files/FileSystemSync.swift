// FileSystemSync.swift — one write-back and device flush for many files: syncfs, found at run time.
#if canImport(Glibc)
import Glibc
#endif

/// `syncfs(2)` for group commits (the spool's records, a batch of token-store files).
package enum FileSystemSync {
    /// glibc's `syncfs(2)`, which Swift's Glibc module does not expose (it needs _GNU_SOURCE);
    /// where it is missing, `sync(2)` (every file system: slower, never weaker).
    static let syncfs: @convention(c) (Int32) -> Int32 = {
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") {
            return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
        }
        return { _ in
            sync()
            return 0
        }
    }()

    /// Up to this many files are synced one by one: `syncfs` writes back every dirty file of the
    /// file system (other threads' too), which only pays for itself in a larger group.
    static let singleSyncLimit = 4

    /// Makes the open files' contents durable: `fsync` each for a few files, else one `syncfs`
    /// per file system they live on. The failing call's errno and the index of its file, if any.
    package static func contents(of descriptors: [Int32]) -> (index: Int, operation: String, errno: Int32)? {
        if descriptors.count <= singleSyncLimit {
            for (index, descriptor) in descriptors.enumerated() {
                FileActivity.noteFileSync()
                if fsync(descriptor) != 0 { return (index, "fsync", errno) }
            }
            return nil
        }
        var devices: Set<UInt64> = []
        for (index, descriptor) in descriptors.enumerated() {
            var info = stat()
            guard fstat(descriptor, &info) == 0 else { return (index, "fstat", errno) }
            guard devices.insert(UInt64(info.st_dev)).inserted else { continue }
            FileActivity.noteFileSystemSync()
            guard syncfs(descriptor) == 0 else { return (index, "syncfs", errno) }
        }
        return nil
    }
}
