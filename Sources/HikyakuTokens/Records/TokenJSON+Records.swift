// TokenJSON+Records.swift — the members of each state record, in the order JSONEncoder's sorted keys write them.
import Foundation
import HikyakuBase

extension TokenRecord: HandEncodedRecord {
    func write(into writer: inout RecordWriter) {
        writer.member("closed_at", closedAt)
        writer.member("digest", digest)
        writer.member("emails", emails)
        writer.member("expires_at", expiresAt)
        writer.member("issued_at", issuedAt)
        writer.member("job_id", jobID)
        writer.member("login_id", loginID)
        writer.member("purpose", purpose.rawValue)
        writer.member("status", status.rawValue)
        writer.member("used_at", usedAt)
        writer.member("version", version)
    }
}

extension OTPRecord: HandEncodedRecord {
    func write(into writer: inout RecordWriter) {
        writer.member("digest", digest)
        writer.member("expires_at", expiresAt)
        writer.member("failed_attempts", failedAttempts)
        writer.member("issue", issue)
        writer.member("issued_at", issuedAt)
        writer.member("job_id", jobID)
        writer.member("locked", locked)
        writer.member("locked_at", lockedAt)
        writer.member("login_id", loginID)
        writer.member("previous", previous)
        writer.member("updated_at", updatedAt)
        writer.member("used_at", usedAt)
        writer.member("version", version)
    }
}

extension OTPRecord.Past: HandEncodedRecord {
    func write(into writer: inout RecordWriter) {
        writer.member("expires_at", expiresAt)
        writer.member("issue", issue)
        writer.member("issued_at", issuedAt)
    }
}
