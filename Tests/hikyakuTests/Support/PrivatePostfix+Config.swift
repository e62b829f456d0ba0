// PrivatePostfix+Config.swift — the private Postfix's own main.cf and master.cf lines: loopback only, no DNS, no chroot.
import Foundation
import HikyakuTestSupport

extension PrivatePostfix {
    /// main.cf lines that make the instance private (the test adds what it tests after them):
    /// its own directories and log, loopback only, nothing local, no DNS, no TLS, relaying for
    /// loopback clients only.
    static func mainLines(_ directory: String) -> [String] {
        [
            "# main.cf — a private Postfix for one hikyaku test, written by the test (removed with its directory).",
            "compatibility_level = 3.6",
            "queue_directory = \(directory)/queue",
            "data_directory = \(directory)/data",
            "mail_owner = postfix",
            "setgid_group = postdrop",
            "maillog_file = \(directory)/maillog",
            "maillog_file_prefixes = \(directory)",
            "myhostname = mx.hikyaku.test",
            "mydomain = hikyaku.test",
            "myorigin = hikyaku.test",
            "mydestination =",
            "local_recipient_maps =",
            "alias_maps =",
            "alias_database =",
            "biff = no",
            "inet_interfaces = 127.0.0.1",
            "inet_protocols = ipv4",
            "mynetworks = 127.0.0.0/8",
            "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination",
            "smtpd_tls_security_level = none",
            "smtp_tls_security_level = none",
            "smtp_host_lookup = native",
            "smtp_dns_support_level = disabled",
        ]
    }

    /// master.cf: Debian's services a relaying queue uses, none chrooted, `postlogd` for
    /// `maillog_file`, virtual(8) for maildir delivery, and smtpd on `127.0.0.1:smtpdPort` only.
    static func masterLines(_ smtpdPort: Int) -> [String] {
        [
            "# master.cf — a private Postfix for one hikyaku test, written by the test.",
            "127.0.0.1:\(smtpdPort) inet n - n - - smtpd",
        ] + PostfixServices.relaying + ["virtual unix - n n - - virtual"]
    }
}
