// InboundSpool+Maildir.swift — takes what an MTA delivered into a maildir into inbound/new: by rename, or a durable copy.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// What one pass over a maildir did.
public struct MaildirIntake: Sendable, Equatable {
    /// Messages now in `inbound/new/`.
    public var taken: [InboundName] = []
    /// Entries moved to `inbound/quarantine/` instead, with why (printable).
    public var quarantined: [String] = []
    /// Maildir files whose copy was already stored (a pass interrupted after its copy): removed.
    public var duplicates = 0
    /// Entries left where they are, with the error (printable).
    public var errors: [String] = []
}

extension InboundSpool {
    /// Moves every entry of `<maildir>/new` and `<maildir>/cur` (dot files aside) into the
    /// inbound spool: a regular, singly-linked file of at most `maxMessageBytes` into `new/`,
    /// anything else (a link, a FIFO, a directory, a hard-linked or larger file) into
    /// `quarantine/` with a reason, never followed nor opened but to copy it. On the same file
    /// system a rename moves it; across file systems it is copied (fsync, rename into place,
    /// directory fsync) and only then unlinked. Each file gets a stable name
    /// (`InboundName.maildir`), so after a crash between the copy and the unlink the next pass
    /// finds the copy and only removes the maildir file. An entry that fails stays where it is
    /// and is reported in `errors`; only an unusable maildir throws (`missingMaildir` before the
    /// MTA's first delivery, `unsafe`): its directories must be this user's and writable by nobody else.
    public func intake(maildir: String) throws(SpoolError) -> MaildirIntake {
        var result = MaildirIntake()
        for directory in [maildir, maildir + "/new", maildir + "/cur"] {
            switch Files.checkDirectory(directory, owner: geteuid(), rule: .unshared) {
            case nil: continue
            case .missing: throw .missingMaildir(path: directory)
            case .failed(let code): throw .io(path: directory, operation: "stat", errno: code)
            case .unsafe(let problem): throw .unsafe(path: directory, problem: problem)
            }
        }
        for sub in ["new", "cur"] {
            let directory = maildir + "/" + sub
            var moved = false
            for raw in try spoolIO(Files.listRaw(directory)) where raw.first != 0x2E {
                let shown = "\(sub)/" + Sanitize.line(String(decoding: raw, as: UTF8.self), limit: 120)
                do {
                    moved = try take(raw, in: directory, into: &result, shown: shown) || moved
                } catch {
                    result.errors.append("\(shown): \(error.description)")
                }
            }
            if moved { try spoolIO(Files.syncDirectory(directory)) }
        }
        if !result.taken.isEmpty { try spoolIO(Files.syncDirectory(path(.new))) }
        return result
    }

    /// Takes one maildir entry; whether it left the maildir.
    private func take(_ raw: [UInt8], in directory: String, into result: inout MaildirIntake, shown: String) throws(SpoolError) -> Bool {
        let source = Self.cPath(directory, raw)
        var info = stat()
        guard lstat(source, &info) == 0 else {
            if errno == ENOENT { return false }
            throw .io(path: shown, operation: "lstat", errno: errno)
        }
        let name = Self.maildirName(raw, info)
        var problem: String?
        do throws(FileFailure) {
            try Files.checkRegular(info, path: shown)
            if Int(info.st_size) > Self.maxMessageBytes {
                problem = "is \(info.st_size) bytes, over the \(Self.maxMessageBytes)-byte limit for inbound mail"
            }
        } catch {
            problem = Self.problem(error)
        }
        if let problem {
            try quarantine(source, as: name, reason: "maildir \(shown) \(problem)", regular: (info.st_mode & S_IFMT) == S_IFREG)
            result.quarantined.append("\(shown): \(problem)")
            return true
        }
        // Copied before by a pass that died before its unlink: the copy is durable, drop the original.
        if locate(name) != nil {
            guard unlink(source) == 0 else { throw .io(path: shown, operation: "unlink", errno: errno) }
            result.duplicates += 1
            return true
        }
        let code = Files.renameNoReplace(source, Array(path(.new, name.fileName).utf8CString))
        if code == EXDEV {
            try copy(source, into: .new, as: name, shown: shown)
        } else if code != 0 {
            throw .io(path: shown, operation: "rename into inbound/new/", errno: code)
        }
        result.taken.append(name)
        return true
    }

    /// The stable name of the maildir entry `raw` whose `lstat` is `info`: its mtime, and a hash
    /// of its maildir name, device, inode, size and mtime nanoseconds (what tells it apart from
    /// any other file, unchanged until it is gone).
    static func maildirName(_ raw: [UInt8], _ info: stat) -> InboundName {
        var key = raw
        for value in [UInt64(info.st_dev), UInt64(info.st_ino), UInt64(info.st_size), UInt64(info.st_mtim.tv_nsec)] {
            withUnsafeBytes(of: value.littleEndian) { key += $0 }
        }
        return InboundName.maildir(modified: Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec)), key: key)
    }

    /// Moves a refused entry into `quarantine/` with its reason: by rename, or across file systems
    /// a copy of a regular file (then the original is unlinked). Anything else that cannot be
    /// renamed stays and throws.
    private func quarantine(_ source: [CChar], as name: InboundName, reason: String, regular: Bool) throws(SpoolError) {
        let target = locate(name) == nil ? name : InboundName.quarantined(at: Date())
        let code = Files.renameNoReplace(source, Array(path(.quarantine, target.fileName).utf8CString))
        if code == EXDEV && regular {
            try copy(source, into: .quarantine, as: target, shown: reason, limit: Int.max)
        } else if code != 0 {
            throw .io(path: reason, operation: "rename into inbound/quarantine/", errno: code)
        }
        try writeNote(Sanitize.line(reason, limit: 2000) + "\n", as: target.reasonName, in: .quarantine)
        try spoolIO(Files.syncDirectory(path(.quarantine)))
    }

    /// Copies the regular file `source` into `state` as `name` (through `tmp/`, fsynced, renamed
    /// into place, the directory fsynced), then unlinks `source`. At most `limit` bytes.
    private func copy(_ source: [CChar], into state: InboundState, as name: InboundName, shown: String, limit: Int = maxMessageBytes)
        throws(SpoolError)
    {
        let fd = open(source, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: shown, operation: "open", errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: shown, operation: "fstat", errno: errno) }
        // The name may point at another file by now: check what was opened.
        try spoolIO(Files.checkRegular(info, path: shown))
        guard Int(info.st_size) <= limit else { throw .hostile(path: shown, problem: "grew over the size limit while being taken") }
        let temporary = path(.tmp, name.fileName)
        _ = try spoolIO(Files.copyDurably(from: fd, path: shown, to: temporary))
        let code = Files.renameNoReplace(Array(temporary.utf8CString), Array(path(state, name.fileName).utf8CString))
        guard code == 0 else {
            _ = unlink(temporary)
            throw .io(path: path(state, name.fileName), operation: "rename from tmp/", errno: code)
        }
        try spoolIO(Files.syncDirectory(path(state)))
        guard unlink(source) == 0 else { throw .io(path: shown, operation: "unlink (after a durable copy)", errno: errno) }
    }

    /// `directory/raw` as a C string (the name need not be UTF-8).
    private static func cPath(_ directory: String, _ raw: [UInt8]) -> [CChar] {
        (Array(directory.utf8) + [0x2F] + raw + [0]).map { CChar(bitPattern: $0) }
    }
}
