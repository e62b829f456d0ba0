// ConfigReader+ReturnPath.swift — `return_path`: the address VERP envelope senders are made from, checked when the config is read.
import Foundation
import HikyakuBase
import HikyakuMail

extension ConfigReader {
    /// Reads `"return_path": "bounces@bounce.example.jp"` (or null: the From address is the
    /// envelope sender). The address must pass the same checks as any address hikyaku sends to
    /// (an international domain becomes A-labels), have a plain dot-atom local part without `+`
    /// (the tag's separator) and of at most `ReturnPathTag.maximumLocalPartOctets` octets, so
    /// that `local+TAG` fits in 64. Returns the address in its ASCII form.
    func returnPath(_ value: JSONValue, _ key: String) throws(ConfigError) -> String? {
        if value.isNull { return nil }
        guard let text = value.stringValue else { throw .wrongType(path: path, key: key, expected: "a string") }
        let address: String
        do {
            address = try MailAddress(text).address
        } catch {
            throw .invalid(path: path, key: key, problem: "\(error)")
        }
        guard let at = address.lastIndex(of: "@") else {
            throw .invalid(path: path, key: key, problem: "expected an address with a domain, e.g. bounces@bounce.example.jp")
        }
        let local = address[..<at]
        guard !local.contains("+"), !local.hasPrefix("\"") else {
            throw .invalid(path: path, key: key, problem: "the local part may not contain + or quotes (+ separates the tag)")
        }
        guard local.utf8.count <= ReturnPathTag.maximumLocalPartOctets else {
            throw .invalid(
                path: path, key: key,
                problem: "local part of \(local.utf8.count) octets leaves no room for the tag "
                    + "(at most \(ReturnPathTag.maximumLocalPartOctets), e.g. bounces)")
        }
        return address
    }
}
