// SeedBinding.swift — what a job's seed is bound to: its job id, purpose, login and addresses.

/// The identity a job's secret belongs to. The worker never derives a link or code from a seed
/// alone: it derives from `ServerSecret.boundSeed(_:to:)`, so the same seed under another job id,
/// purpose, login or address gives another token, one the store recorded for nobody.
package struct SeedBinding: Sendable, Equatable {
    /// The spool job id.
    package let jobID: String
    /// A `LinkPurpose` raw value, or `otp_code`.
    package let purpose: String
    package let loginID: String
    /// The recipient first, then any other address the secret is valid for.
    package let addresses: [String]

    /// A binding; `addresses` keep their order.
    package init(jobID: String, purpose: String, loginID: String, addresses: [String]) {
        self.jobID = jobID
        self.purpose = purpose
        self.loginID = loginID
        self.addresses = addresses
    }

    /// The purpose string of a one-time code's binding.
    package static let otpPurpose = ServerSecret.otpPurpose

    /// Unambiguous bytes: `"hikyaku/v1/bind"`, then the id, purpose and login, then the address
    /// count, then each address; every field is a 4-byte big-endian length and its UTF-8.
    var encoded: [UInt8] {
        var bytes = Array("hikyaku/v1/bind".utf8)
        func field(_ text: String) {
            let utf8 = Array(text.utf8)
            bytes += Self.uint32(utf8.count) + utf8
        }
        field(jobID)
        field(purpose)
        field(loginID)
        bytes += Self.uint32(addresses.count)
        addresses.forEach(field)
        return bytes
    }

    private static func uint32(_ value: Int) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: UInt32(truncatingIfNeeded: value) >> UInt32($0)) }
    }
}
