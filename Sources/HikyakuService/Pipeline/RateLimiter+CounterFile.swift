// RateLimiter+CounterFile.swift — one rate-limit count on disk: admission times, read and rewritten under flock.
import Foundation
import HikyakuBase
import HikyakuTokens

#if canImport(Glibc)
import Glibc
#endif

extension RateLimiter {
    /// One key's admission times: decimal seconds since 1970, one per line, in a 0600 file, held
    /// under an exclusive `flock` from `open` to `close`.
    final class CounterFile {
        /// At most this much is read: a count holds one window's admissions, a dozen bytes each.
        static let limit = 64 * 1024

        let path: String
        private let fd: Int32

        /// The file for `key` under `directory`, named by the key's SHA-256 so no login or
        /// address shows in a name.
        static func path(directory: String, key: String) -> String {
            "\(directory)/\(Base16.encode(SHA256.hash(key)))"
        }

        /// Creates `directory` (and the state directory above it, which the token store makes
        /// lazily) when missing.
        static func makeDirectory(_ directory: String) throws(IOFailure) {
            do {
                try Files.makeDirectory(Files.parent(of: directory))
                try Files.makeDirectory(directory)
            } catch {
                throw failure(error, path: directory)
            }
        }

        /// Opens (creating it when missing) and locks the file at `path`.
        init(path: String) throws(IOFailure) {
            do {
                fd = try Files.lock(path, exclusive: true)
            } catch {
                throw Self.failure(error, path: path)
            }
            self.path = path
        }

        /// The times recorded. Lines that are not numbers are dropped: a damaged count can only
        /// forget admissions, never block anyone for good.
        func read() throws(IOFailure) -> [Int64] {
            do {
                let bytes = try Files.read(descriptor: fd, path: path, limit: Self.limit)
                return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { Int64($0) }
            } catch {
                throw Self.failure(error, path: path)
            }
        }

        /// Replaces the contents with `times`, one per line.
        func write(_ times: [Int64]) throws(IOFailure) {
            guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0 else {
                throw IOFailure(path: path, operation: "truncate", errno: errno)
            }
            do {
                try Files.writeAll(Array(times.map { "\($0)\n" }.joined().utf8), to: fd, path: path)
            } catch {
                throw Self.failure(error, path: path)
            }
        }

        /// Releases the lock.
        func close() { Files.discard(descriptor: fd) }

        private static func failure(_ error: FileFailure, path: String) -> IOFailure {
            switch error {
            case .io(let failure): return failure
            case .hostile(let path, let problem): return IOFailure(path: "\(path) (\(problem))", operation: "open", errno: EINVAL)
            }
        }
    }
}
