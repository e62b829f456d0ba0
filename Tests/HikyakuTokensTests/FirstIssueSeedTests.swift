// FirstIssueSeedTests.swift — a first seed derived from a job file: the same for the same hand-off, another for anything else.
import XCTest
@testable import HikyakuTokens

final class FirstIssueSeedTests: XCTestCase {
    let secret = try! ServerSecret(bytes: Array(0x20..<0x40))
    let identity = JobFileIdentity(
        jobID: "reset-42", contentDigest: SHA256.hash("{\"kind\":\"password_reset\"}"), modifiedNanoseconds: 1_795_262_700_123_456_789,
        inode: 4242, replays: 0)

    func testTheSameHandOffDerivesTheSameSeedAndTagUnderTheSameSecretOnly() throws {
        XCTAssertEqual(secret.firstIssueSeed(for: identity), secret.firstIssueSeed(for: identity))
        XCTAssertEqual(secret.firstIssueSeed(for: identity).count, ServerSecret.seedByteCount)
        XCTAssertEqual(secret.jobTag(for: identity), secret.jobTag(for: identity))
        let other = try ServerSecret(bytes: Array(0x40..<0x60))
        XCTAssertNotEqual(other.firstIssueSeed(for: identity), secret.firstIssueSeed(for: identity))
    }

    func testAnyOtherIdContentTimeInodeOrReplayDerivesAnotherSeed() {
        let base = secret.firstIssueSeed(for: identity)
        let variants = [
            JobFileIdentity(
                jobID: "reset-43", contentDigest: identity.contentDigest, modifiedNanoseconds: identity.modifiedNanoseconds, inode: 4242,
                replays: 0),
            JobFileIdentity(
                jobID: "reset-42", contentDigest: SHA256.hash("{}"), modifiedNanoseconds: identity.modifiedNanoseconds, inode: 4242,
                replays: 0),
            JobFileIdentity(
                jobID: "reset-42", contentDigest: identity.contentDigest, modifiedNanoseconds: identity.modifiedNanoseconds + 1,
                inode: 4242, replays: 0),
            JobFileIdentity(
                jobID: "reset-42", contentDigest: identity.contentDigest, modifiedNanoseconds: identity.modifiedNanoseconds, inode: 4243,
                replays: 0),
            JobFileIdentity(
                jobID: "reset-42", contentDigest: identity.contentDigest, modifiedNanoseconds: identity.modifiedNanoseconds, inode: 4242,
                replays: 1),
        ]
        let seeds = Set(variants.map { secret.firstIssueSeed(for: $0) } + [base])
        XCTAssertEqual(seeds.count, variants.count + 1)
        XCTAssertNotEqual(secret.jobTag(for: variants[0]), secret.jobTag(for: identity))
    }

    func testTheLengthPrefixedIdCannotBeShiftedIntoTheDigest() {
        // "reset-4" + a digest starting with "2" must not encode like "reset-42" + the rest.
        let a = JobFileIdentity(jobID: "ab", contentDigest: [0x63], modifiedNanoseconds: 0, inode: 0, replays: 0)
        let b = JobFileIdentity(jobID: "abc", contentDigest: [], modifiedNanoseconds: 0, inode: 0, replays: 0)
        XCTAssertNotEqual(a.encoded("x"), b.encoded("x"))
    }
}
