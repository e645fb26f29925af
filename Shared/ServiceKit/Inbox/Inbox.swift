import Foundation
import SQLKit

/// The record of processed events, per consumer, that makes consumers idempotent.
public enum Inbox {
    static let table = "inbox_events"

    /// Add this to the migrations of every service that consumes.
    public static let migration = DatabaseMigration("inbox-1") { database in
        try await database.create(table: table)
            .column("consumer", type: .text, .notNull)
            .column("event_key", type: .text, .notNull)
            .column("topic", type: .text, .notNull)
            .column("partition_id", type: .int, .notNull)
            .column("record_offset", type: .bigint, .notNull)
            .column("processed_at", type: .timestamp, .notNull)
            .primaryKey("consumer", "event_key")
            .run()
    }

    /// Records `key` as processed by `consumer`; false when it already was.
    static func record(
        key: String, consumer: String, topic: String, partition: Int32, offset: Int64, in database: any SQLDatabase
    ) async throws -> Bool {
        let inserted = try await database.insert(into: table)
            .columns("consumer", "event_key", "topic", "partition_id", "record_offset", "processed_at")
            .values(SQLBind(consumer), SQLBind(key), SQLBind(topic), SQLBind(Int(partition)), SQLBind(offset), SQLBind(Date()))
            .ignoringConflicts(with: ["consumer", "event_key"])
            .returning("event_key")
            .all()
        return !inserted.isEmpty
    }

    /// Whether `consumer` has processed `key`.
    public static func contains(key: String, consumer: String, in database: any SQLDatabase) async throws -> Bool {
        try await database.select().column("event_key").from(table)
            .where("consumer", .equal, SQLBind(consumer)).where("event_key", .equal, SQLBind(key))
            .first() != nil
    }
}
