// MailAddress+International.swift — `user@例え.jp`: the domain as A-labels on the wire, as U-labels for people.
import HikyakuBase

extension MailAddress {
    /// `address` with an international domain turned into A-labels (`user@例え.jp` →
    /// `user@xn--r8jz45g.jp`, see `IDNA`), for the envelope and the header; any other address
    /// unchanged (`validate` then checks it). A non-ASCII local part is refused: hikyaku does not
    /// send SMTPUTF8.
    static func asciiForm(_ address: String) throws(MIMEError) -> String {
        // ASCII, or a control character `validate` names more clearly, or no domain to convert.
        guard !address.utf8.allSatisfy({ $0 < 0x80 }), !HeaderEncoder.hasControlOrLineSeparator(address),
            let at = address.lastIndex(of: "@")
        else { return address }
        let local = address[..<at]
        let domain = String(address[address.index(after: at)...])
        func fail(_ problem: MIMEError.AddressProblem) -> MIMEError {
            .invalidAddress(String(address.prefix(120)), reason: problem)
        }
        if let c = local.first(where: { !$0.isASCII }) { throw fail(.nonASCIILocalPart(c)) }
        do {
            return local + "@" + (try IDNA.asciiDomain(domain))
        } catch {
            throw fail(.invalidInternationalDomain(problem: error.description))
        }
    }

    /// The address as people read it: its domain's A-labels as U-labels (`user@xn--r8jz45g.jp` →
    /// `user@例え.jp`); an address without any unchanged.
    public var unicodeAddress: String { MailAddress.unicodeForm(address) }

    /// `address` (a validated addr-spec) with the A-labels of its domain as U-labels.
    public static func unicodeForm(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return address[...at] + IDNA.unicodeDomain(String(address[address.index(after: at)...]))
    }
}
