import Foundation
import Logging
import PostgresKit
import ServiceKit
import Testing

/// The databases every storage test runs on: SQLite always, and PostgreSQL when
/// `CIVIL_TEST_POSTGRES_URL` names a server (`make test` starts one).
public enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    public static let postgresURL = ProcessInfo.processInfo.environment["CIVIL_TEST_POSTGRES_URL"]

    public static let available: [TestDatabase] = {
        if postgresURL == nil {
            print("""
                ⚠️  CIVIL_TEST_POSTGRES_URL is not set: the storage tests run on SQLite only. \
                `make test` starts a PostgreSQL server for them.
                """)
            return [.sqlite]
        }
        return [.sqlite, .postgres]
    }()

    public var testDescription: String { rawValue }

    /// A new, empty database of this kind, opened and migrated with the outbox and the inbox.
    public func open(migrations: [DatabaseMigration] = [Outbox.migration, Inbox.migration]) async throws -> ServiceDatabase {
        let database = try await ServiceDatabase(try await freshLocation(), logger: quietLogger)
        try await database.migrate(migrations)
        return database
    }

    /// SQLite: a file in a new temporary folder. PostgreSQL: a new database on the test server.
    public func freshLocation() async throws -> DatabaseLocation {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("civil-test-\(UUID().uuidString)")
            return .sqlite(path: folder.appendingPathComponent("service.sqlite").path)
        case .postgres:
            guard let url = Self.postgresURL else { throw MissingPostgres() }
            let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let server = try await ServiceDatabase(.postgres(url: url), maxConnections: 1, logger: quietLogger)
            try await server.withConnection { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            try await server.close()
            var components = URLComponents(string: url)!
            components.path = "/" + name
            return .postgres(url: components.string!)
        }
    }

    public struct MissingPostgres: Error {}
}
