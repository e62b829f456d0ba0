// ConsumePass.swift — `hikyaku token consume` as the web tier runs it: one process per check.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issues `runs` links into a scratch state directory, then spawns `hikyaku token consume`
/// once per link (the token on stdin, never on the command line) and times each process from
/// spawn to exit. Every run must answer "valid" (exit 0).
struct ConsumePass {
    let executable: String
    let scratch: String

    func run(_ runs: Int) throws -> Percentiles {
        let directory = "\(scratch)/consume"
        mkdir(directory, 0o700)
        let state = "\(directory)/state", configPath = "\(directory)/hikyaku.json"
        mkdir(state, 0o700)
        let data = JSONText.data(["state": .string(state), "spool": .string("\(directory)/spool")])
        guard FileManager.default.createFile(atPath: configPath, contents: data) else {
            throw BenchError.io(path: configPath, operation: "write", errno: errno)
        }
        let store = TokenStore(directory: URL(fileURLWithPath: state), secret: try ServerSecret.load(path: "\(state)/secret"))
        var latencies: [Double] = []
        for index in 0..<runs {
            let login = "consume\(index)", email = "consume\(index)@example.jp"
            let issued = try store.issueLink(
                purpose: .passwordReset, loginID: login, emails: [email],
                seed: ServerSecret.randomSeed(), lifetime: 3600, jobID: "consume-\(index)")
            let run = try Spawn.run(
                executable,
                [
                    "token", "consume", "--token", "-", "--login", login, "--email", email,
                    "--config", configPath,
                ],
                input: Array((issued.token + "\n").utf8), timeout: 30)
            guard run.status == 0 else {
                throw BenchError.toolFailed(tool: "hikyaku token consume", problem: "exit \(run.status) for a fresh, valid token")
            }
            latencies.append(run.seconds * 1000)
        }
        return Percentiles(milliseconds: latencies)
    }
}
