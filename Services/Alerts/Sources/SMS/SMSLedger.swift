import Foundation
import ServiceKit
import SQLKit

/// One row per SMS notification, written before the message goes to the gateway, so a record
/// delivered again (a restart, a rebalance) is never sent twice. A row left `sending` by a
/// process that stopped mid-request may or may not have reached the gateway: its delivery
/// report settles it, and only when none has come within ``SMSSender/Configuration/confirmWait``
/// is it sent again.
public enum SMSLedger {
    static let table = "sms_messages"

    public enum Status: String, Codable, Sendable {
        /// Recorded and handed to the gateway; no answer yet.
        case sending
        /// The gateway took it (sent on, or queued for the carrier link).
        case accepted
        /// The carrier's SMS centre took it.
        case sent
        /// The handset has it.
        case delivered
        case failed
    }

    public static let migration = DatabaseMigration("alerts-sms-messages-1") { database in
        try await database.create(table: table)
            .column("notification_id", type: .text, .primaryKey(autoIncrement: false))
            .column("alert_id", type: .text, .notNull)
            .column("recipient_id", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("attempts", type: .int, .notNull)
            .column("failure", type: .text)
            .column("attempted_at", type: .timestamp, .notNull)
            .column("reported_at", type: .timestamp)
            .run()
        try await database.create(index: "sms_messages_alert").on(table).column("alert_id").column("status").run()
    }

    /// Counts by status of an alert's SMS, for the duty officers.
    public static func counts(alertId: String, in database: any SQLDatabase) async throws -> [Status: Int] {
        var counts: [Status: Int] = [:]
        for row in try await database.select().column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(table).where("alert_id", .equal, SQLBind(alertId)).groupBy("status").all() {
            if let status = Status(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }
}
