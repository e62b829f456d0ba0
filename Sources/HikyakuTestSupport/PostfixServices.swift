// PostfixServices.swift — the master.cf services a private, relaying Postfix needs: shared by the bench's peer and the tests.
import Foundation

/// master.cf lines for a private Postfix that queues and relays (Debian's service set, none
/// chrooted, so no copy of /etc files is needed), plus `postlogd` for `maillog_file`. The bench's
/// durable peer and the end-to-end bounce tests add their own smtpd and delivery agents.
public enum PostfixServices {
    /// The queue's own services, the SMTP client and the logger.
    public static let relaying: [String] = [
        "pickup unix n - n 60 1 pickup",
        "cleanup unix n - n - 0 cleanup",
        "qmgr unix n - n 300 1 qmgr",
        "rewrite unix - - n - - trivial-rewrite",
        "bounce unix - - n - 0 bounce",
        "defer unix - - n - 0 bounce",
        "trace unix - - n - 0 bounce",
        "verify unix - - n - 1 verify",
        "flush unix n - n 1000? 0 flush",
        "proxymap unix - - n - - proxymap",
        "smtp unix - - n - - smtp",
        "relay unix - - n - - smtp",
        "showq unix n - n - - showq",
        "error unix - - n - - error",
        "retry unix - - n - - error",
        "discard unix - - n - - discard",
        "anvil unix - - n - 1 anvil",
        "scache unix - - n - 1 scache",
        "postlog unix-dgram n - n - 1 postlogd",
    ]
}
