// FileIdentity.swift — which file a name pointed at (device and inode), and removing a name only while it still does.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file's device and inode number: tells whether a name still points at the file one holds open.
package struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64

    /// The file open at `descriptor`; nil when it cannot be stat'ed.
    package init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The file `path` names (never following a link); nil when there is none.
    init?(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    package init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

extension Files {
    /// Removes `path`, but with `expected` only while `path` still names that very file: a name
    /// that meanwhile points at another file (a new claim of the same job id) belongs to someone
    /// else and is left alone. Returns 0, or the errno (ENOENT when there is nothing of ours left).
    ///
    /// The check and the unlink are two steps; that is safe for a claimed job because nothing
    /// replaces an existing `active/<id>.json` (claims and requeues rename with RENAME_NOREPLACE):
    /// while the name still points at our file, only we remove it.
    package static func remove(_ path: String, ifStill expected: FileIdentity?) -> Int32 {
        if let expected {
            var info = stat()
            guard lstat(path, &info) == 0 else { return errno }
            guard FileIdentity(info) == expected else { return ENOENT }
        }
        return Glibc.unlink(path) == 0 ? 0 : errno
    }
}
