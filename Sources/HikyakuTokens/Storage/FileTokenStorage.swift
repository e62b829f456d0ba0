// FileTokenStorage.swift — the token store's records as files in the state directory, locked with flock.
import HikyakuBase

/// `TokenStorage` in a state directory (layout: `TokenStateDirectory`), shared by every process
/// that opens the same directory: the lock is an `flock` on `lock`, each write outside a batch
/// is a temporary file, fsync, rename and directory fsync, and a batch stages its writes in a
/// `TokenStaging` and commits them with one sync. Creates the directories on first use.
struct FileTokenStorage: TokenStorage {
    var state: TokenStateDirectory

    /// The storage in `root` (created 0700 on first use; its parent must exist), shared with
    /// `sharedGroup` (the two-user layout) if given.
    init(root: String, sharedGroup: SharedGroup? = nil) {
        state = TokenStateDirectory(root: root, sharedGroup: sharedGroup)
    }

    func withLock<T>(exclusive: Bool, _ body: () throws(TokenError) -> T) throws(TokenError) -> T {
        try state.withLock(exclusive: exclusive, body)
    }

    func withBatch<T>(_ body: (any TokenStorage) -> T) throws(TokenError) -> T {
        let staging = TokenStaging(permissions: state.filePermissions)
        var view = self
        view.state.staging = staging
        return try state.withLock(exclusive: true) { () throws(TokenError) -> T in
            let result = body(view)
            try staging.commit()
            return result
        }
    }

    func savepoint() -> Int { state.staging?.beginOperation() ?? 0 }

    func rollBack(to savepoint: Int) { state.staging?.rollBack(to: savepoint) }

    func tokenRecord(digest: String) throws(TokenError) -> TokenRecord? {
        try state.read(TokenRecord.self, at: state.tokenPath(digest: digest))
    }

    func writeTokenRecord(_ record: TokenRecord, digest: String) throws(TokenError) {
        var named = record
        named.digest = digest
        try state.write(named, at: state.tokenPath(digest: digest))
    }

    func tokenRecordLocation(digest: String) -> String { state.tokenPath(digest: digest) }

    func tokenRecordDigests() throws(TokenError) -> [String] {
        try Self.names(in: state.tokensDirectory).filter(Self.isRecordName).map { String($0.dropLast(5)) }
    }

    func currentDigest(purpose: LinkPurpose, loginID: String) throws(TokenError) -> String? {
        try state.readPointer(at: state.currentPath(purpose: purpose, loginID: loginID))
    }

    func setCurrentDigest(_ digest: String, purpose: LinkPurpose, loginID: String) throws(TokenError) {
        try state.writePointer(digest, at: state.currentPath(purpose: purpose, loginID: loginID), record: state.tokenPath(digest: digest))
    }

    func otpRecord(loginID: String) throws(TokenError) -> OTPRecord? {
        try state.read(OTPRecord.self, at: state.otpPath(loginID: loginID))
    }

    func writeOTPRecord(_ record: OTPRecord, loginID: String) throws(TokenError) {
        try state.write(record, at: state.otpPath(loginID: loginID))
    }

    /// A finished record file name (`<hex>.json`), as opposed to a temporary or foreign file.
    static func isRecordName(_ name: String) -> Bool {
        name.hasSuffix(".json") && !name.hasPrefix(".")
    }

    /// The names in `directory`; a directory that does not exist has none.
    static func names(in directory: String) throws(TokenError) -> [String] {
        do {
            return try Files.list(directory)
        } catch .io(let failure) where failure.isNotFound {
            return []
        } catch {
            throw TokenError(error)
        }
    }
}
