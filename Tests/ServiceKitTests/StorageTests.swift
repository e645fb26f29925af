import Foundation
import KafkaTestSupport
import SQLKit
import ServiceKit
import Testing

@Suite("Storage on SQLite and PostgreSQL")
struct StorageTests {
    static let counters = DatabaseMigration("counters-1") { database in
        try await database.create(table: "counters")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("value", type: .bigint, .notNull)
            .column("updated_at", type: .timestamp, .notNull)
            .run()
    }

    @Test("PostgreSQL is there when make test runs", .enabled(
        if: TestDatabase.postgresURL != nil,
        "CIVIL_TEST_POSTGRES_URL is not set: storage tests run on SQLite only (make test starts PostgreSQL)"))
    func postgresIsReachable() async throws {
        let database = try await TestDatabase.postgres.open(migrations: [])
        #expect(database.kind == .postgres)
        try await database.close()
    }

    @Test("migrations apply once, in order, and again is a no-op", arguments: TestDatabase.available)
    func migrationsApplyOnce(_ kind: TestDatabase) async throws {
        let database = try await kind.open(migrations: [Self.counters])
        try await database.migrate([Self.counters])  // applied already: must not fail on the existing table
        let ids = try await database.withConnection { database in
            try await database.select().column("id").from("schema_migrations").orderBy("id").all()
                .map { try $0.decode(column: "id", as: String.self) }
        }
        #expect(ids == ["counters-1"])
        try await database.close()
    }

    @Test("a transaction that throws leaves nothing behind; one that returns keeps everything",
          arguments: TestDatabase.available)
    func transactionsAreAtomic(_ kind: TestDatabase) async throws {
        let database = try await kind.open(migrations: [Self.counters, Outbox.migration])
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await database.transaction { database in
                try await database.insert(into: "counters").columns("name", "value", "updated_at")
                    .values(SQLBind("households"), SQLBind(1), SQLBind(Date())).run()
                try await Outbox.append(ShelterStatusFixture.event, in: database)
                throw Refused()
            }
        }
        try await database.transaction { database in
            try await database.insert(into: "counters").columns("name", "value", "updated_at")
                .values(SQLBind("households"), SQLBind(2), SQLBind(Date())).run()
            try await Outbox.append(ShelterStatusFixture.event, in: database)
        }
        let (value, backlog) = try await database.withConnection { database in
            let row = try await database.select().column("value").from("counters").all()
            return (try row.map { try $0.decode(column: "value", as: Int.self) }, try await Outbox.backlog(in: database))
        }
        #expect(value == [2])
        #expect(backlog == 1)
        try await database.close()
    }

    @Test("a read connection reads what was committed while a transaction is open, and cannot write",
          arguments: TestDatabase.available)
    func readConnection(_ kind: TestDatabase) async throws {
        let database = try await kind.open(migrations: [Self.counters])
        @Sendable func insert(_ name: String, in database: any SQLDatabase) async throws {
            try await database.insert(into: "counters").columns("name", "value", "updated_at")
                .values(SQLBind(name), SQLBind(1), SQLBind(Date())).run()
        }
        @Sendable func names(in database: any SQLDatabase) async throws -> [String] {
            try await database.select().column("name").from("counters").orderBy("name").all()
                .map { try $0.decode(column: "name", as: String.self) }
        }
        try await database.transaction { try await insert("committed", in: $0) }
        let seenDuring = try await database.transaction { writer in
            try await insert("uncommitted", in: writer)
            // On SQLite the only writing connection is held here: the read must not wait for it.
            return try await database.withReadConnection { try await names(in: $0) }
        }
        #expect(seenDuring == ["committed"])
        #expect(try await database.withReadConnection { try await names(in: $0) } == ["committed", "uncommitted"])
        if kind == .sqlite {
            await #expect(throws: (any Error).self, "the SQLite read connection is query-only") {
                try await database.withReadConnection { try await insert("refused", in: $0) }
            }
        }
        try await database.close()
    }

    @Test("dates, bytes, nulls and big integers come back as written", arguments: TestDatabase.available)
    func valuesRoundTrip(_ kind: TestDatabase) async throws {
        let database = try await kind.open()
        let event = try ShelterStatusFixture.event.cloudEvent(id: "e-1", time: Date(timeIntervalSince1970: 1_795_000_000.5))
        try await database.transaction { try await Outbox.append(event, topic: "civil.alerts.shelter.v1", key: "SH-1", in: $0) }
        try await database.transaction { try await Outbox.appendTombstone(topic: "civil.alerts.shelter.v1", key: "SH-2", in: $0) }
        let rows = try await database.withConnection { database in
            try await database.select().columns("event_time", "data", "subject", "seq").from("outbox_events")
                .orderBy("seq").all()
        }
        #expect(rows.count == 2)
        let eventTime = try rows[0].decode(column: "event_time", as: Date.self)
        #expect(abs(eventTime.timeIntervalSince1970 - 1_795_000_000.5) < 0.001)
        #expect(try rows[0].decode(column: "data", as: Data.self) == event.data)
        #expect(try rows[1].decode(column: "data", as: Data?.self) == nil)
        #expect(try rows[1].decode(column: "seq", as: Int64.self) > rows[0].decode(column: "seq", as: Int64.self))
        try await database.close()
    }

    @Test("the database setting is a path or a PostgreSQL URL, and the password is never shown")
    func locations() throws {
        #expect(try DatabaseLocation("data/registration.sqlite") == .sqlite(path: "data/registration.sqlite"))
        #expect(try DatabaseLocation("sqlite:/var/lib/civil/relief.sqlite") == .sqlite(path: "/var/lib/civil/relief.sqlite"))
        let postgres = try DatabaseLocation("postgres://relief:s3cret@db.internal:5432/relief")
        #expect(postgres == .postgres(url: "postgres://relief:s3cret@db.internal:5432/relief"))
        #expect(!postgres.description.contains("s3cret"))
        #expect(throws: DatabaseLocationError.self) { try DatabaseLocation("mysql://x@y/z") }
        #expect(throws: DatabaseLocationError.self) { try DatabaseLocation(" ") }
    }

    @Test("an unreachable PostgreSQL server fails start-up instead of hanging")
    func unreachableServer() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await within(.seconds(40), "open") {
                try await ServiceDatabase(.postgres(url: "postgres://civil:civil@127.0.0.1:1/none?sslmode=disable"), logger: quietLogger)
            }
        }
    }
}
