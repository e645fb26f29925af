import Contracts
import Crypto
import Foundation
import ServiceKit
import SQLKit

/// Kannel's delivery reports for the messages ``SMSSender`` sent: the SMS centre took one (8),
/// refused it (16), the handset got it (1) or it could not be delivered (2). Each moves the
/// message's row forward (never back) and publishes the new status, pseudonymized, on the
/// delivery topic, in one transaction.
public struct SMSDeliveryReports: Sendable {
    let database: ServiceDatabase
    let key: String

    public init(database: ServiceDatabase, key: String) {
        self.database = database
        self.key = key
    }

    /// Whether `given` is the configured key, compared in constant time.
    func isKey(_ given: String) -> Bool {
        let expected = Array(SHA256.hash(data: Data(key.utf8))), presented = Array(SHA256.hash(data: Data(given.utf8)))
        return !key.isEmpty && zip(expected, presented).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// What a report type means, or nil for the ones that change nothing (4: buffered).
    static func meaning(ofType type: Int) -> (SMSLedger.Status, NotificationDelivery.Failure?)? {
        switch type {
        case 1: (.delivered, nil)
        case 2: (.failed, .notDelivered)
        case 8: (.sent, nil)
        case 16: (.failed, .rejectedBySMSC)
        default: nil
        }
    }

    /// Applies one report.
    /// - Returns: false for a notification this service never sent.
    public func apply(notificationId: String, type: Int, now: Date = Date()) async throws -> Bool {
        guard let (status, failure) = Self.meaning(ofType: type) else { return true }
        return try await database.transaction { database in
            guard let row = try await database.select().columns("alert_id", "recipient_id", "status").from(SMSLedger.table)
                .where("notification_id", .equal, SQLBind(notificationId)).first()
            else { return false }
            let current = SMSLedger.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .sending
            // Forward only: sending/accepted -> sent -> delivered; failed and delivered are final.
            let rank: [SMSLedger.Status: Int] = [.sending: 0, .accepted: 0, .sent: 1, .delivered: 2, .failed: 2]
            guard rank[status]! > rank[current]! else { return true }
            try await database.update(SMSLedger.table).set("status", to: SQLBind(status.rawValue))
                .set("failure", to: SQLBind(failure?.rawValue)).set("reported_at", to: SQLBind(now))
                .where("notification_id", .equal, SQLBind(notificationId)).run()
            let published: NotificationDelivery.Status = switch status {
            case .delivered: .delivered
            case .failed: .failed
            default: .sent
            }
            try await Outbox.append(
                NotificationDelivery(
                    notificationId: notificationId, alertId: try row.decode(column: "alert_id", as: String.self),
                    recipientId: try row.decode(column: "recipient_id", as: String.self), status: published, failure: failure,
                    reportedAt: now),
                id: notificationId + "/" + published.rawValue, time: now, in: database)
            return true
        }
    }
}
