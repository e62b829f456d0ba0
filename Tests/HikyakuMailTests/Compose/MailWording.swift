// MailWording.swift — what each kind's mail must say, per language, as phrases the text part must contain.
import Foundation
import XCTest
@testable import HikyakuMail

/// The requirements of the issue, written as phrases: the reset mail's local deadline, single use
/// and "ignore it"; the login notice's time, IP, device and contact; the code and its validity; the
/// new address and how to stop the change; the login id an address was removed from.
/// Times are those of `MailFixtures.now` (20:05 JST) and the default lifetimes.
enum MailWording {
    static func phrases(for job: Job, language: String, secret: String?) -> [String] {
        let ja = language == "ja"
        var phrases =
            ja
            ? [(job.toName ?? job.loginID) + " 様", "本メールに関するお問い合わせ先：", "サポートデスク support@example.jp", "送信専用"]
            : ["Dear \(job.toName ?? job.loginID),", "please contact:", "Support desk support@example.jp", "send-only"]
        if let secret { phrases.append(secret) }
        let data = job.data
        switch job.kind {
        case .passwordReset:
            phrases +=
                ja
                ? ["ログインID：\(job.loginID)", "2026年11月21日 21:05 (JST) までに", "有効時間は1時間", "1回限り有効"]
                : ["Login ID: \(job.loginID)", "by 21 Nov 2026 21:05 JST", "valid for 1 hour", "used only once"]
            if data.text("purpose") == "reset" {
                phrases +=
                    ja
                    ? ["パスワード再設定のご依頼", "お心当たりのない場合", "本メールを破棄してください"]
                    : ["reset your password", "please ignore this"]
            } else {
                phrases +=
                    ja
                    ? ["パスワードを設定してください", "お心当たりのない場合"]
                    : ["set your password", "If you do not recognise this message"]
            }
        case .loginNotice:
            let ip = data.text("ip") ?? "?", agent = data.text("user_agent")
            phrases +=
                ja
                ? [
                    "ログイン日時：2026年11月21日 21:05 (JST)", "IPアドレス　：\(ip)", "端末情報　　：\(agent ?? "不明")",
                    "お心当たりのない場合", "下記お問い合わせ先までご連絡ください",
                ]
                : [
                    "Date and time: 21 Nov 2026 21:05 JST", "IP address:    \(ip)", "Device:        \(agent ?? "unknown")",
                    "If you do not recognise this login", "contact the",
                ]
        case .otpCode:
            phrases +=
                ja
                ? [
                    "ワンタイムパスワード：\(secret ?? "?")", "有効期限　　　　　　：2026年11月21日 20:15 (JST)",
                    "有効時間　　　　　　：10分",
                ]
                : [
                    "One-time password: \(secret ?? "?")", "Valid until:       21 Nov 2026 20:15 JST",
                    "Valid for:         10 minutes",
                ]
        case .emailChange:
            let newEmail = data.text("new_email") ?? "?"
            phrases +=
                ja
                ? [
                    "変更前のメールアドレス：\(job.to)", "変更後のメールアドレス：\(newEmail)", "2026年11月22日 20:05 (JST) までに",
                    "変更を取りやめる場合", "URLにアクセスせず", "メールアドレスは変更されません",
                ]
                : [
                    "Current address: \(job.to)", "New address:     \(newEmail)", "by\n22 Nov 2026 20:05 JST",
                    "To stop the change", "do not open the", "will stay",
                ]
        case .deletionNotice:
            phrases +=
                ja
                ? [
                    "ログインID「\(job.loginID)」の登録メールアドレスから", "削除されたメールアドレス：\(job.to)",
                    "削除日時　　　　　　　　：2026年11月21日 12:00 (JST)",
                ]
                : [
                    "registered addresses\nof login ID \(job.loginID).", "Removed address: \(job.to)",
                    "Removed on:      21 Nov 2026 12:00 JST",
                ]
        default:
            XCTFail("no wording for kind \(job.kind.name)")
        }
        return phrases
    }
}
