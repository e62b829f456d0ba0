// Loopback.swift — IPv4 127.0.0.1 sockets for the bench's sinks and relay: bind, connect.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// IPv4 loopback socket helpers shared by the sink and the relay.
package enum Loopback {
    static func address(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return address
    }

    /// Binds `fd` to 127.0.0.1:`port` (0: any free port); returns the bound port, nil on failure.
    static func bind(_ fd: Int32, port: Int) -> Int? {
        var address = address(port: port)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard Glibc.bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        return bound == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    /// A connected socket to 127.0.0.1:`port`, or -1.
    package static func connect(port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var address = address(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        if !connected {
            close(fd)
            return -1
        }
        return fd
    }
}
