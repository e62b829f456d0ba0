// PostfixPeer+Config.swift — the private Postfix's main.cf and master.cf: loopback only, no DNS, relay to the bench's sink.
import Foundation
import HikyakuTestSupport

extension PostfixPeer {
    /// main.cf: its own queue and data directories and log file under `directory`, nothing
    /// delivered locally, everything relayed to `[127.0.0.1]:sinkPort` with `connections`
    /// concurrent deliveries from the first (no slow start), no DNS, no TLS. Mail that smtpd
    /// accepts goes on hold (`check_client_access static:HOLD`), so the backlog waits whole.
    static func mainConfig(directory: String, sinkPort: Int, connections: Int) -> String {
        """
        # main.cf — a private Postfix for hikyaku-bench's durable peer, written by the bench (removed with its directory).
        compatibility_level = 3.6
        queue_directory = \(directory)/queue
        data_directory = \(directory)/data
        mail_owner = postfix
        setgid_group = postdrop
        maillog_file = \(directory)/maillog
        maillog_file_prefixes = \(directory)
        myhostname = bench.invalid
        mydomain = bench.invalid
        myorigin = bench.invalid
        mydestination =
        local_recipient_maps =
        alias_maps =
        alias_database =
        biff = no
        inet_interfaces = 127.0.0.1
        inet_protocols = ipv4
        mynetworks = 127.0.0.0/8
        smtpd_relay_restrictions = permit_mynetworks, reject
        smtpd_client_restrictions = check_client_access static:HOLD
        smtpd_tls_security_level = none
        relayhost = [127.0.0.1]:\(sinkPort)
        default_transport = smtp
        smtp_host_lookup = native
        disable_dns_lookups = yes
        smtp_dns_support_level = disabled
        smtp_tls_security_level = none
        default_destination_concurrency_limit = \(connections)
        smtp_destination_concurrency_limit = \(connections)
        initial_destination_concurrency = \(connections)
        default_process_limit = \(max(100, 4 * connections))

        """
    }

    /// master.cf: Debian's services a relaying queue uses, none chrooted, plus `postlogd` for
    /// `maillog_file`; smtpd on `127.0.0.1:smtpdPort` only while the backlog is queued (nil: none).
    static func masterConfig(smtpdPort: Int?) -> String {
        var lines = ["# master.cf — the private Postfix of hikyaku-bench's durable peer, written by the bench."]
        if let smtpdPort { lines.append("127.0.0.1:\(smtpdPort) inet n - n - - smtpd") }
        lines += PostfixServices.relaying
        return lines.joined(separator: "\n") + "\n"
    }
}
