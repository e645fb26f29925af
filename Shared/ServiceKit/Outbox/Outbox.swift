import Contracts
import Foundation
import SQLKit

/// The transactional outbox: a service adds the events a state change causes in the same
/// database transaction as the change, and ``OutboxRelay`` publishes them afterwards. Either
/// both the change and its events are kept, or neither.
public enum Outbox {
    static let table = "outbox_events"

    /// Add this to the service's migrations.
    public static let migration = DatabaseMigration("outbox-1") { database in
        try await database.create(table: table)
            .column("seq", type: .bigint, .primaryKey(autoIncrement: true))
            .column("event_id", type: .text, .notNull, .unique)
            .column("topic", type: .text, .notNull)
            .column("record_key", type: .text, .notNull)
            .column("event_type", type: .text)
            .column("source", type: .text)
            .column("subject", type: .text)
            .column("data_schema", type: .text)
            .column("content_type", type: .text)
            .column("event_time", type: .timestamp)
            .column("data", type: .blob)
            .column("created_at", type: .timestamp, .notNull)
            .column("sent_at", type: .timestamp)
            .column("attempts", type: .int, .notNull, .default(0))
            .column("last_error", type: .text)
            .run()
        try await database.create(index: "outbox_events_unsent").on(table).column("sent_at").column("seq").run()
    }

    /// Adds `event` for publication on its catalog topic, keyed as the catalog says.
    /// - Parameter id: the stable `ce_id`; keep the default unless the event id is derived from
    ///   business data (then a retried request cannot add a second event: the id is unique).
    public static func append<Event: CivilEvent>(
        _ event: Event, id: String = UUID().uuidString, time: Date = Date(), in database: any SQLDatabase
    ) async throws {
        try await append(event.cloudEvent(id: id, time: time), topic: Event.topic.name, key: event.partitionKey, in: database)
    }

    /// Adds an already enveloped event.
    public static func append(_ event: CloudEvent, topic: String, key: String, in database: any SQLDatabase) async throws {
        OutboxCommits.Mark.appended()
        _ = try await database.insertRows(into: table, columns: columns, rows: [row(event, topic: topic, key: key, created: Date())])
    }

    /// Adds many events with one statement per few thousand values: the fast path for a payroll
    /// run's thousands of instructions. Each pair is an event and its stable `ce_id`.
    public static func append<Event: CivilEvent>(
        contentsOf events: [(event: Event, id: String)], time: Date = Date(), in database: any SQLDatabase
    ) async throws {
        try await append(events.map { try Entry($0.event, id: $0.id, time: time) }, in: database)
    }

    /// An event enveloped and addressed for the outbox. Built ahead of the transaction that adds
    /// it, it lets a bulk writer encode one batch while the database writes the one before.
    public struct Entry: Sendable {
        let event: CloudEvent
        let topic: String
        let key: String

        /// - Parameter id: the stable `ce_id`.
        public init<Event: CivilEvent>(_ event: Event, id: String, time: Date) throws {
            self.event = try event.cloudEvent(id: id, time: time)
            topic = Event.topic.name
            key = event.partitionKey
        }
    }

    /// Adds entries built beforehand, with one statement per few thousand values.
    public static func append(_ entries: [Entry], in database: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        OutboxCommits.Mark.appended()
        let created = Date()
        _ = try await database.insertRows(
            into: table, columns: columns, rows: entries.map { row($0.event, topic: $0.topic, key: $0.key, created: created) })
    }

    private static let columns = [
        "event_id", "topic", "record_key", "event_type", "source", "subject", "data_schema", "content_type", "event_time",
        "data", "created_at",
    ]

    private static func row(_ event: CloudEvent, topic: String, key: String, created: Date) -> [any Encodable & Sendable] {
        [event.id, topic, key, event.type, event.source, event.subject, event.dataSchema, event.dataContentType,
         event.time, event.data, created]
    }

    /// Adds a tombstone (a record with no value) for `key` on a compacted topic: the key's
    /// current state is deleted.
    public static func appendTombstone(topic: String, key: String, in database: any SQLDatabase) async throws {
        OutboxCommits.Mark.appended()
        try await database.insert(into: table)
            .columns("event_id", "topic", "record_key", "created_at")
            .values(SQLBind("tombstone-" + UUID().uuidString), SQLBind(topic), SQLBind(key), SQLBind(Date()))
            .run()
    }

    /// Whether any event written is not yet acknowledged by the broker: one index lookup, where
    /// ``backlog(in:)`` counts the whole backlog.
    public static func hasBacklog(in database: any SQLDatabase) async throws -> Bool {
        try await database.select().column("seq").from(table).where("sent_at", .is, SQLLiteral.null).limit(1).first() != nil
    }

    /// Events written but not yet acknowledged by the broker.
    public static func backlog(in database: any SQLDatabase) async throws -> Int {
        let row = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(table).where("sent_at", .is, SQLLiteral.null).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
