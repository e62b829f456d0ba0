// PhoneLayoutTests.swift — every kind's HTML, with the longest values a job may hold, fits a 360 px phone screen.
import Foundation
import XCTest

/// Issue 13, item 3: `hikyaku preview --format html` for each kind × locale with maximal field
/// values, laid out by headless Chromium 360 px wide; no page may scroll sideways.
final class PhoneLayoutTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
        try space.writeConfig(transport: "file:./outbox")
    }

    override func tearDown() { space.remove() }

    /// The longest values the job parser accepts, without a single break opportunity.
    static let maximal: [String: String] = [
        "to": longAddress("w"), "to_name": String(repeating: "W", count: 200),
        "login_id": String(repeating: "W", count: 128),
    ]
    static let maximalData: [String: [String: String]] = [
        "email_change": ["new_email": longAddress("n")],
        "login_notice": [
            "user_agent": String(repeating: "W", count: 512), "ip": "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "logged_in_at": "2026-11-21T12:05:00Z",
        ],
        "password_reset": ["purpose": "initial"],
    ]

    /// A 253-octet address: a 64-octet local part and three long labels.
    static func longAddress(_ letter: String) -> String {
        String(repeating: letter, count: 64) + "@" + String(repeating: "x", count: 63) + "."
            + String(repeating: "y", count: 63) + "." + String(repeating: "z", count: 57) + ".jp"
    }

    func testEveryKindAndLocaleFitsA360PixelScreenWithMaximalValues() throws {
        guard let chromium = Self.chromium() else {
            throw XCTSkip("Chromium is not installed (scripts/test installs the Debian package chromium): phone layout not checked")
        }
        var pages: [(label: String, html: String)] = []
        let kinds = ["password_reset", "email_change", "login_notice", "otp_code", "deletion_notice"]
        for kind in kinds {
            for locale in ["ja", "en", "ja+en"] {
                let purposes: [String?] = kind == "password_reset" ? ["reset", "initial"] : [nil]
                for purpose in purposes {
                    var object = try fixture("\(kind)-ja")
                    for (key, value) in Self.maximal { object[key] = value }
                    var data = object["data"] as? [String: Any] ?? [:]
                    for (key, value) in Self.maximalData[kind] ?? [:] { data[key] = value }
                    if let purpose { data["purpose"] = purpose }
                    object["data"] = data
                    object["locale"] = locale
                    let path = space.root.appendingPathComponent("\(kind)-\(pages.count).json")
                    try JSONSerialization.data(withJSONObject: object).write(to: path)
                    let run = try space.run(["preview", path.path, "--format", "html"])
                    XCTAssertEqual(run.status, 0, run.stderr)
                    pages.append(("\(kind) \(locale) \(purpose ?? "")", run.stdout))
                }
            }
        }
        // A page that must overflow: proof that the measurement measures.
        pages.append(("control", "<!DOCTYPE html><html><body><div style=\"width:1000px\">wide</div></body></html>"))
        let widths = try measure(pages.map(\.html), chromium: chromium)
        XCTAssertEqual(widths.count, pages.count, "Chromium measured every page")
        XCTAssertGreaterThan(widths.last ?? 0, 360, "the control page overflows")
        for (page, width) in zip(pages.dropLast(), widths) {
            XCTAssertLessThanOrEqual(width, 360, "\(page.label): the page is \(width) px wide in a 360 px screen")
        }
    }

    // MARK: - Chromium

    /// The Chromium binary, nil when it is not installed.
    static func chromium() -> String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The scroll width of each page, each laid out in its own 360 px wide frame of one page that
    /// one headless Chromium loads (bounded to 90 s, killed by its PID if it overruns).
    private func measure(_ pages: [String], chromium: String) throws -> [Int] {
        func attribute(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let frames = pages.map { "<iframe style=\"width:360px;height:800px;border:0;display:block\" srcdoc=\"\(attribute($0))\"></iframe>" }
        let script = """
            <script>window.addEventListener("load", function () {
              var widths = Array.prototype.map.call(document.querySelectorAll("iframe"), function (f) {
                return f.contentDocument.documentElement.scrollWidth; });
              var out = document.createElement("pre"); out.id = "widths"; out.textContent = "WIDTHS " + widths.join(",") + " END";
              document.body.appendChild(out); });</script>
            """
        let html = "<!DOCTYPE html><html><body style=\"margin:0\">\(frames.joined())\(script)</body></html>"
        let page = space.root.appendingPathComponent("phones.html")
        try Data(html.utf8).write(to: page)
        let profile = space.root.appendingPathComponent("chromium-profile")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=360,800", "--user-data-dir=\(profile.path)",
            "--virtual-time-budget=10000", "--dump-dom", page.absoluteString,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = DataReader(out.fileHandleForReading)
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            XCTFail("Chromium did not finish in 90 s (killed, PID \(process.processIdentifier))")
        }
        process.waitUntilExit()
        let dom = reader.text()
        guard let start = dom.range(of: "<pre id=\"widths\">WIDTHS "),
            let end = dom.range(of: " END", range: start.upperBound..<dom.endIndex)
        else {
            XCTFail("Chromium wrote no widths: \(dom.prefix(300))")
            return []
        }
        return dom[start.upperBound..<end.lowerBound].split(separator: ",").compactMap { Int($0) }
    }

    private func fixture(_ name: String) throws -> [String: Any] {
        let url = Workspace.repository.appendingPathComponent("fixtures/jobs/\(name).json")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }
}
