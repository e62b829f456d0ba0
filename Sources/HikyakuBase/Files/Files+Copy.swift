// Files+Copy.swift — a file copied from an open descriptor into a new file, streamed and fsynced (moves across file systems).
#if canImport(Glibc)
import Glibc
#endif

extension Files {
    /// Copies everything `source` holds from its current offset into the new file `destination`
    /// (created as `createExclusive` does: 0600, never a followed link), in 64 KiB pieces, then
    /// fsyncs and closes it. Returns the bytes copied. On a throw the destination is removed.
    /// `path` names the source in errors.
    @discardableResult
    package static func copyDurably(from source: Int32, path: String, to destination: String) throws(FileFailure) -> Int {
        let fd = try createExclusive(destination)
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        do throws(FileFailure) {
            while true {
                let got = chunk.withUnsafeMutableBytes { Glibc.read(source, $0.baseAddress, $0.count) }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw .io(IOFailure(path: path, operation: "read", errno: errno))
                }
                if got == 0 { break }
                try chunk.withUnsafeBytes { buffer in
                    Result { () throws(FileFailure) in
                        try writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<got]), to: fd, path: destination)
                    }
                }.get()
                total += got
            }
            try sync(descriptor: fd, path: destination)
        } catch {
            Glibc.close(fd)
            unlink(destination)
            throw error
        }
        do throws(FileFailure) {
            try closeAfterWriting(fd, path: destination)
        } catch {
            unlink(destination)
            throw error
        }
        return total
    }
}
