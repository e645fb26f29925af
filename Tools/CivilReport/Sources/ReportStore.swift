import Contracts
import Foundation
import Logging
import ServiceKit
import SQLKit

/// The report's own copy of the topics: every event once (by `ce_id`), other records (tombstones,
/// records that are no event) by their position, and how far each partition has been read. It is
/// the report's alone (a SQLite file), so the report never reads a service's database; deleting
/// it (`--rebuild`) reads the topics again.
public struct ReportStore: Sendable {
    /// One consumed record, ready to keep.
    public struct Record: Sendable {
        public var id: String
        public var topic: String
        public var partition: Int32
        public var offset: Int64
        public var key: String
        /// The CloudEvents type, or nil for a tombstone.
        public var type: String?
        public var time: Date
        public var data: Data?

        public init(id: String, topic: String, partition: Int32, offset: Int64, key: String, type: String?, time: Date, data: Data?) {
            (self.id, self.topic, self.partition, self.offset, self.key, self.type, self.time, self.data) =
                (id, topic, partition, offset, key, type, time, data)
        }
    }

    /// An event as kept: its key, time and data.
    struct Event: Sendable {
        public var key: String
        public var time: Date
        public var data: Data
    }

    let database: ServiceDatabase

    static let migration = DatabaseMigration("report-store-1") { database in
        try await database.create(table: "events")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("topic", type: .text, .notNull)
            .column("record_key", type: .text, .notNull)
            .column("type", type: .text)
            .column("time", type: .timestamp, .notNull)
            .column("data", type: .blob)
            .run()
        try await database.create(index: "events_by_type").on("events").column("type").run()
        try await database.create(table: "positions")
            .column("topic", type: .text, .notNull)
            .column("partition", type: .int, .notNull)
            .column("next_offset", type: .bigint, .notNull)
            .primaryKey("topic", "partition")
            .run()
        try await database.create(table: "store_info")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("value", type: .text, .notNull)
            .run()
        try await database.insert(into: "store_info").columns("name", "value")
            .values(SQLBind("consumer-group"), SQLBind("civil-report-\(UUID().uuidString.lowercased())")).run()
    }

    /// Opens (creating) the store at `path`; `rebuild` deletes it first.
    public static func open(at path: String, rebuild: Bool, logger: Logger) async throws -> ReportStore {
        if rebuild {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let database = try await ServiceDatabase(.sqlite(path: path), logger: logger)
        do {
            try await database.migrate([migration])
        } catch {
            try? await database.close()
            throw error
        }
        return ReportStore(database: database)
    }

    public func close() async throws { try await database.close() }

    /// The store's own consumer group: new with each store, so a rebuilt store reads from the start.
    public func consumerGroup() async throws -> String {
        try await database.withConnection { database in
            try await database.select().column("value").from("store_info").where("name", .equal, SQLBind("consumer-group"))
                .first()?.decode(column: "value", as: String.self)
        } ?? "civil-report"
    }

    /// The next offset to read per partition, as far as the store has kept.
    public func positions() async throws -> [String: [Int32: Int64]] {
        try await database.withConnection { database in
            var positions: [String: [Int32: Int64]] = [:]
            for row in try await database.select().columns("topic", "partition", "next_offset").from("positions").all() {
                positions[try row.decode(column: "topic", as: String.self), default: [:]][Int32(try row.decode(column: "partition", as: Int.self))] =
                    Int64(try row.decode(column: "next_offset", as: Int.self))
            }
            return positions
        }
    }

    /// Keeps records and moves their partitions' positions, in one transaction: a crash keeps
    /// both or neither, and a record read twice is kept once.
    public func keep(_ records: [Record]) async throws {
        guard !records.isEmpty else { return }
        try await database.transaction { database in
            for chunk in stride(from: 0, to: records.count, by: 100).map({ records[$0..<min($0 + 100, records.count)] }) {
                var insert = database.insert(into: "events").columns("id", "topic", "record_key", "type", "time", "data")
                for record in chunk {
                    insert = insert.values(SQLBind(record.id), SQLBind(record.topic), SQLBind(record.key), SQLBind(record.type),
                                           SQLBind(record.time), SQLBind(record.data.map { [UInt8]($0) }))
                }
                try await insert.ignoringConflicts(with: ["id"]).run()
            }
            var next: [String: Int64] = [:]
            for record in records {
                let partition = "\(record.topic)\u{0}\(record.partition)"
                next[partition] = max(next[partition] ?? 0, record.offset + 1)
            }
            for (partition, offset) in next {
                let parts = partition.split(separator: "\u{0}", maxSplits: 1).map(String.init)
                try await database.insert(into: "positions").columns("topic", "partition", "next_offset")
                    .values(SQLBind(parts[0]), SQLBind(Int(parts[1]) ?? 0), SQLBind(Int(offset)))
                    .onConflict(with: ["topic", "partition"]) {
                        $0.set(excludedValueOf: "next_offset")
                    }
                    .run()
            }
        }
    }

    /// Every kept event of `type`, oldest first.
    func events(ofType type: String) async throws -> [Event] {
        try await database.withConnection { database in
            try await database.select().columns("record_key", "time", "data").from("events")
                .where("type", .equal, SQLBind(type)).orderBy("time").orderBy("id").all()
                .map { row in
                    Event(key: try row.decode(column: "record_key", as: String.self), time: try row.decode(column: "time", as: Date.self),
                          data: Data(try row.decode(column: "data", as: [UInt8].self)))
                }
        }
    }

    /// Every event of `T`'s type, decoded, with its time; a record that does not decode is skipped
    /// (the service's consumers dead-letter such records; the report cannot fix them).
    public func decoded<T: CivilEvent>(_: T.Type) async throws -> [(time: Date, event: T)] {
        try await events(ofType: T.eventType).compactMap { stored in
            (try? CivilEventCoding.decoder.decode(T.self, from: stored.data)).map { (stored.time, $0) }
        }
    }

    /// Records kept per topic.
    public func counts() async throws -> [String: Int] {
        try await database.withConnection { database in
            var counts: [String: Int] = [:]
            for row in try await database.raw("SELECT topic, COUNT(*) AS n FROM events GROUP BY topic").all() {
                counts[try row.decode(column: "topic", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }
}
