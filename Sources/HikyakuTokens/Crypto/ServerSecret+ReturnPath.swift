// ServerSecret+ReturnPath.swift — the read-only way to the key of VERP tags, for bounce verification.
import Foundation
import HikyakuBase

extension ServerSecret {
    /// The secret in `path` when the file exists, else nil; never creates one and touches no other
    /// file. Checked as `load(path:…)` checks it (owner, mode, size; with `sharedGroup` against the
    /// owner of `stateDirectory`), so it throws what that throws except `missing`.
    package static func existing(path: String, stateDirectory: String, sharedGroup: SharedGroup?) throws(TokenError)
        -> ServerSecret?
    {
        let owner = TokenStateDirectory(root: stateDirectory, sharedGroup: sharedGroup).owner
        do {
            return try load(path: path, createIfMissing: false, sharedGroup: sharedGroup, owner: owner)
        } catch .secretFile(_, .missing) {
            return nil
        }
    }
}

extension TokenStore {
    /// The key of VERP tags (`ReturnPathTag`), derived from this store's server secret.
    package var returnPathKey: HMACSHA256 { secret.returnPathKey }
}
