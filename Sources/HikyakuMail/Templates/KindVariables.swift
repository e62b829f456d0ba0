// KindVariables.swift — the variables each mail kind offers its templates (the strict renderer's contract).
import Foundation

/// The variables a template may use, per kind. A template that names anything else is an error.
public enum KindVariables {
    /// Offered to every kind and to the shared partials.
    public static let common: Set<String> = ["to_name", "to", "login_id", "support"]

    /// Per kind, in addition to `common`.
    public static let perKind: [String: Set<String>] = [
        "password_reset": ["link", "deadline", "validity", "valid_minutes", "initial"],
        "login_notice": ["logged_in_at", "ip", "device"],
        "otp_code": ["code", "deadline", "validity", "valid_minutes"],
        "email_change": ["link", "new_email", "deadline", "validity", "valid_minutes"],
        "deletion_notice": ["removed_at"],
    ]

    /// All kinds, in a stable order.
    public static let kinds: [String] = [
        "password_reset", "login_notice", "otp_code", "email_change", "deletion_notice",
    ]

    /// Every variable `kind` offers, or nil for an unknown kind.
    public static func known(for kind: String) -> Set<String>? {
        all[kind]
    }

    /// `perKind` with `common` added, built once.
    private static let all: [String: Set<String>] = perKind.mapValues { $0.union(common) }
}
