// CurlTransportTests.swift — libcurl is opened on the first SMTP transport; a missing one is a clear error.
import XCTest
@testable import HikyakuCore

final class CurlTransportTests: XCTestCase {
    func testMissingLibraryIsOneActionableLine() {
        guard case .failure(let error) = CurlTransport.load("libcurl-hikyaku-absent.so.4") else {
            return XCTFail("a soname that does not exist was loaded")
        }
        guard case .curlUnavailable(let library, let reason) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(library, "libcurl-hikyaku-absent.so.4")
        XCTAssertTrue(reason.contains("libcurl-hikyaku-absent.so.4"), reason)  // dlerror() names the file
        let line = error.description
        XCTAssertTrue(line.hasPrefix("libcurl: cannot load libcurl-hikyaku-absent.so.4: "), line)
        XCTAssertTrue(line.hasSuffix("(SMTP delivery needs it: apt-get install -y libcurl4)"), line)
        XCTAssertFalse(line.contains("\n"), line)
    }

    func testLibraryWithoutCurlIsRefusedBySymbol() {
        guard case .failure(.curlUnavailable(_, let reason)) = CurlTransport.load("libc.so.6") else {
            return XCTFail("libc was taken for libcurl")
        }
        XCTAssertEqual(reason, "missing symbol curl_global_init")
    }

    func testSMTPTransportLoadsTheRealLibrary() throws {
        XCTAssertEqual(CurlTransport.soname, "libcurl.so.4")
        guard case .success = CurlTransport.load(CurlTransport.soname) else { return XCTFail("libcurl.so.4 did not load") }
        var config = Config()
        config.transport = "smtp://127.0.0.1:1"  // nothing is sent: the connection opens on the first send
        XCTAssertTrue(try TransportFactory.make(config, password: nil) is CurlTransport)
        config.transport = "file:/nonexistent"
        XCTAssertTrue(try TransportFactory.make(config, password: nil) is FileTransport)
    }
}
