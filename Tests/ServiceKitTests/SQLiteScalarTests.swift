import Foundation
import KafkaTestSupport
import SQLKit
import SQLiteKit
import ServiceKit
import Testing

/// ServiceDatabase binds and reads the common scalar types on SQLite without SQLiteKit's
/// encoder; these check that what is stored, and what comes back, is what SQLiteKit gives.
@Suite("SQLite scalar binds and reads")
struct SQLiteScalarTests {
    enum Status: String, Codable { case open }
    struct Note: Codable, Equatable { let text: String }

    static let values = DatabaseMigration("values-1") { database in
        try await database.create(table: "scalar_values")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("value", type: .custom(SQLRaw("")))
            .run()
    }

    /// Each value as stored through ServiceDatabase and through SQLiteKit's own adapter, with
    /// SQLite's storage class: they must agree.
    @Test("stored values and their SQLite types are SQLiteKit's")
    func storedAsSQLiteKitStoresThem() async throws {
        let date = Date(timeIntervalSince1970: 1_764_460_800.25)
        let values: [(String, any Encodable & Sendable)] = [
            ("string", "张三 p_01"), ("int", 42), ("int64", Int64.max), ("negative", -7), ("double", 2.5), ("bool", true),
            ("date", date), ("data", Data([0, 1, 255])), ("nil", String?.none), ("some", Optional("x")),
            ("enum", Status.open), ("json", Note(text: "a")), ("nil-int", Int?.none), ("some-int", Optional(5)),
            ("some-int64", Optional(Int64(-3))), ("some-date", Optional(date)), ("nil-date", Date?.none),
            ("some-data", Optional(Data([7]))), ("some-bool", Optional(false)), ("some-double", Optional(0.125)),
            ("nested", Optional(Optional("y"))),
        ]
        let database = try await TestDatabase.sqlite.open(migrations: [Self.values])
        // SQLiteKit's own adapter over an in-memory database with the same table.
        let kit = try await SQLiteConnection.open(storage: .memory)
        try await kit.sql(queryLogLevel: nil).raw("CREATE TABLE scalar_values (name TEXT PRIMARY KEY, value)").run()
        for (name, value) in values {
            try await database.withConnection {
                try await $0.insert(into: "scalar_values").columns("name", "value").values(SQLBind(name), SQLBind(value)).run()
            }
            try await kit.sql(queryLogLevel: nil).insert(into: "scalar_values").columns("name", "value")
                .values(SQLBind(name), SQLBind(value)).run()
        }
        let stored = try await database.withConnection(Self.storedValues)
        let expected = try await Self.storedValues(in: kit.sql(queryLogLevel: nil))
        #expect(stored.count == values.count)
        #expect(stored == expected)
        try await kit.close()
        try await database.close()
    }

    /// Each row as `name storage-class literal`.
    @Sendable static func storedValues(in database: any SQLDatabase) async throws -> [String] {
        try await database.raw("SELECT name, typeof(value) AS kind, quote(value) AS shown FROM scalar_values ORDER BY name")
            .all().map { row in
                try ["name", "kind", "shown"].map { try row.decode(column: $0, as: String.self) }.joined(separator: " ")
            }
    }

    @Test("values read back as the types they were written as; mismatches and missing columns throw")
    func readBack() async throws {
        let date = Date(timeIntervalSince1970: 1_764_460_800.25)
        let database = try await TestDatabase.sqlite.open(migrations: [Self.values])
        try await database.withConnection { database in
            for (name, value) in [("s", "text"), ("i", 7), ("d", date), ("b", Data([9])), ("n", String?.none), ("e", Status.open),
                                  ("j", Note(text: "a")), ("f", 1.5), ("t", false)] as [(String, any Encodable & Sendable)] {
                try await database.insert(into: "scalar_values").columns("name", "value").values(SQLBind(name), SQLBind(value)).run()
            }
        }
        let rows = try await database.withConnection { database in
            Dictionary(uniqueKeysWithValues: try await database.select().columns("name", "value").from("scalar_values").all()
                .map { (try $0.decode(column: "name", as: String.self), $0) })
        }
        func row(_ name: String) throws -> any SQLRow { try #require(rows[name]) }
        #expect(try row("s").decode(column: "value", as: String.self) == "text")
        #expect(try row("s").decode(column: "value", as: String?.self) == "text")
        #expect(try row("i").decode(column: "value", as: Int.self) == 7)
        #expect(try row("i").decode(column: "value", as: Int64?.self) == 7)
        #expect(try row("d").decode(column: "value", as: Date.self) == date)
        #expect(try row("b").decode(column: "value", as: Data.self) == Data([9]))
        #expect(try row("n").decode(column: "value", as: String?.self) == nil)
        #expect(try row("n").decode(column: "value", as: Date?.self) == nil)
        #expect(try row("n").decodeNil(column: "value"))
        #expect(try row("e").decode(column: "value", as: Status.self) == .open)
        #expect(try row("j").decode(column: "value", as: Note.self) == Note(text: "a"))
        #expect(try row("f").decode(column: "value", as: Double.self) == 1.5)
        #expect(try row("t").decode(column: "value", as: Bool.self) == false)
        #expect(throws: DecodingError.self) { try row("s").decode(column: "value", as: Int.self) }
        #expect(throws: DecodingError.self) { try row("n").decode(column: "value", as: String.self) }
        #expect(throws: DecodingError.self) { try row("s").decode(column: "missing", as: String.self) }
        try await database.close()
    }
}
