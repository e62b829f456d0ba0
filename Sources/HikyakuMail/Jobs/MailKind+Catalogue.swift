// MailKind+Catalogue.swift — the five kinds hikyaku ships, each declared once; adding a kind starts here.

extension MailKind {
    /// "Forgot my password" or, with `purpose` `initial`, "set your password" to a newly added address.
    public static let passwordReset = MailKind(
        name: "password_reset",
        fields: [MailField("purpose", .choice(["reset", "initial"], maxLength: 16), optional: true, default: "reset")],
        variables: [.flag("initial", field: "purpose", equals: "initial")],
        secret: .link(purpose: "password_reset", path: "/password/reset?token={token}"),
        lifetime: 3600, rateLimit: RateLimit(count: 3, windowSeconds: 900))

    /// Someone logged in: when, from where, with what.
    public static let loginNotice = MailKind(
        name: "login_notice",
        fields: [
            MailField("ip", .ipAddress, example: { "203.0.113.\($0 % 250 + 1)" }),
            MailField("logged_in_at", .timestamp, example: { _ in "2026-11-21T12:05:00Z" }),
            MailField(
                "user_agent", .text(maxLength: 512), optional: true,
                example: { _ in "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0" }),
        ],
        variables: [.dateTime("logged_in_at"), .text("ip"), .text("device", field: "user_agent", absent: ["ja": "不明", "en": "unknown"])],
        rateLimit: RateLimit(count: 10, windowSeconds: 900), isNotice: true)

    /// A one-time password.
    public static let otpCode = MailKind(name: "otp_code", secret: .code, lifetime: 600, rateLimit: RateLimit(count: 5, windowSeconds: 900))

    /// Confirm a new address: the link is bound to the old and the new one.
    public static let emailChange = MailKind(
        name: "email_change",
        fields: [MailField("new_email", .address, example: { "new\($0)@example.com" })],
        variables: [.text("new_email")],
        secret: .link(purpose: "email_change", path: "/email/confirm?token={token}", binding: ["new_email"]),
        lifetime: 86400, rateLimit: RateLimit(count: 3, windowSeconds: 900))

    /// An address was removed from a login.
    public static let deletionNotice = MailKind(
        name: "deletion_notice",
        fields: [MailField("removed_at", .timestamp)],
        variables: [.dateTime("removed_at")], isNotice: true)
}

extension MailCatalogue {
    /// The kinds hikyaku ships, in the order every list shows them.
    public static let standard = MailCatalogue([.passwordReset, .loginNotice, .otpCode, .emailChange, .deletionNotice])
}
