// FileTokenStorage+Sweep.swift — removing record files sweep no longer needs, and the debris of crashed writes.
import HikyakuBase

extension FileTokenStorage {
    func removeTokenRecords(
        where isDone: (TokenRecord) -> Bool, leavingTombstone needsTombstone: (TokenRecord) -> Bool
    ) throws(TokenError) -> Int {
        // The tombstones first, durable together (one sync), then the records they replace.
        let staging = TokenStaging(permissions: state.filePermissions)
        var tombstones = state
        tombstones.staging = staging
        for digest in try tokenRecordDigests() {
            guard let record = try? state.read(TokenRecord.self, at: state.tokenPath(digest: digest)),
                isDone(record), needsTombstone(record)
            else { continue }
            try tombstones.write(TokenTombstone(of: record), at: state.tombstonePath(digest: digest))
        }
        try staging.commit()
        return try removeRecords(in: state.tokensDirectory) { path in
            guard let record = try? state.read(TokenRecord.self, at: path) else { return false }
            return isDone(record)
        }
    }

    func tombstone(digest: String) throws(TokenError) -> TokenTombstone? {
        try state.read(TokenTombstone.self, at: state.tombstonePath(digest: digest))
    }

    func removeTombstones(where isDone: (TokenTombstone) -> Bool) throws(TokenError) {
        _ = try removeRecords(in: state.endedDirectory) { path in
            guard let tombstone = try? state.read(TokenTombstone.self, at: path) else { return false }
            return isDone(tombstone)
        }
    }

    func removeOTPRecords(where isDone: (OTPRecord) -> Bool) throws(TokenError) -> Int {
        try removeRecords(in: state.otpDirectory) { path in
            guard let record = try? state.read(OTPRecord.self, at: path) else { return false }
            return isDone(record)
        }
    }

    func removeCurrentPointers(where isStale: (TokenRecord?) -> Bool) throws(TokenError) {
        let directory = state.currentDirectory
        for name in try Self.names(in: directory) {
            let path = directory + "/" + name
            if name.hasPrefix(".tmp-") {
                try tokenIO(try Files.removeIfPresent(path))
                continue
            }
            var record: TokenRecord?
            if let digest = try state.readPointer(at: path) {
                record = try? state.read(TokenRecord.self, at: state.tokenPath(digest: digest))
            }
            if isStale(record) {
                try tokenIO(try Files.removeIfPresent(path))
            }
        }
        try tokenIO(try Files.syncDirectory(directory))
    }

    /// Removes crash debris (`.tmp-*`: every write holds the lock sweep holds, so any temporary
    /// is debris) and every record file in `directory` that `isDone` accepts, fsyncs the
    /// directory, and returns how many records went.
    private func removeRecords(in directory: String, isDone: (String) -> Bool) throws(TokenError) -> Int {
        var count = 0
        for name in try Self.names(in: directory) {
            let path = directory + "/" + name
            if name.hasPrefix(".tmp-") {
                try tokenIO(try Files.removeIfPresent(path))
                continue
            }
            guard Self.isRecordName(name), isDone(path) else { continue }
            try tokenIO(try Files.removeIfPresent(path))
            count += 1
        }
        try tokenIO(try Files.syncDirectory(directory))
        return count
    }
}
