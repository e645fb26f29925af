@preconcurrency import AsyncKit
import Foundation
import Synchronization
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// A service's database, reached through sql-kit so that the same migrations and queries serve
/// SQLite and PostgreSQL. Work happens in ``transaction(_:)`` (state change and outbox rows
/// together) or ``withConnection(_:)`` (reads).
///
/// SQLite gets exactly one writing connection: every transaction runs alone, so none fails with
/// `SQLITE_BUSY`. ``withReadConnection(_:)`` adds one read-only connection beside it, which the
/// write-ahead log lets read while the writer writes.
/// Queries are never logged, because their bound values hold personal data.
public final class ServiceDatabase: Sendable {
    public enum Kind: String, Sendable {
        case sqlite
        case postgres
    }

    /// AsyncKit's pools guard their state with a lock but predate `Sendable`.
    private enum Pool: @unchecked Sendable {
        case sqlite(EventLoopGroupConnectionPool<SQLitePragmaSource>)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    public let location: DatabaseLocation
    private let pool: Pool
    /// SQLite's read-only connection; PostgreSQL reads from `pool`.
    private let readers: EventLoopGroupConnectionPool<SQLitePragmaSource>?
    private let logger: Logger
    /// Set once the audit trail's table exists: from then on every transaction run for a staff
    /// act writes the act (``AuditTrail``).
    let auditing = Flag()
    /// Signalled after work on a connection appended to the outbox: wakes the relay.
    let outboxCommits = OutboxCommits()

    /// Opens the pool and checks that the database answers.
    /// - Throws: when the file cannot be created or the server cannot be reached or refuses us.
    public init(_ location: DatabaseLocation, maxConnections: Int = 8, logger: Logger) async throws {
        self.location = location
        self.logger = logger
        switch location {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let base = SQLiteConnectionSource(configuration: SQLiteConfiguration(storage: .file(path: path)))
            pool = .sqlite(EventLoopGroupConnectionPool(
                source: SQLitePragmaSource(base: base), maxConnectionsPerEventLoop: 1, requestTimeout: .seconds(30),
                pruneInterval: nil, logger: logger, on: MultiThreadedEventLoopGroup.singleton.next()))
            readers = EventLoopGroupConnectionPool(
                source: SQLitePragmaSource(base: base, readOnly: true), maxConnectionsPerEventLoop: 1,
                requestTimeout: .seconds(30), pruneInterval: nil, logger: logger, on: MultiThreadedEventLoopGroup.singleton.next())
        case .postgres(let url):
            let configuration = try SQLPostgresConfiguration(url: url)
            pool = .postgres(EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: max(1, maxConnections / System.coreCount), requestTimeout: .seconds(30),
                pruneInterval: .seconds(60), logger: logger, on: MultiThreadedEventLoopGroup.singleton))
            readers = nil
        }
        do {
            try await withConnection { try await $0.raw("SELECT 1").run() }
        } catch {
            try? await close()
            throw error
        }
    }

    public var kind: Kind {
        switch pool {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// Runs `body` on one connection of the pool.
    public func withConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        // A transaction runs inside this, so its commit is done when `body` returns.
        let mark = OutboxCommits.Mark()
        let result = try await OutboxCommits.Mark.$current.withValue(mark) { try await onPooledConnection(body) }
        if mark.isSet { outboxCommits.signal() }
        return result
    }

    private func onPooledConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        switch pool {
        case .sqlite(let pool):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            return try await body(SQLiteDirectDatabase(connection))
        case .postgres(let pool):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            return try await body(connection.sql(queryLogLevel: nil))
        }
    }

    /// Runs `body` on a connection that only reads: for a reader that should not wait behind
    /// writes, such as the outbox relay while a payroll release writes. It sees what was
    /// committed when each statement started.
    public func withReadConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        guard let readers else { return try await withConnection(body) }
        let connection = try await readers.requestConnection(logger: logger).get()
        defer { readers.releaseConnection(connection, logger: logger) }
        return try await body(SQLiteDirectDatabase(connection))
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// Do not touch this `ServiceDatabase` from inside `body`; use the database it is given.
    public func transaction<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let begin = kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await withConnection { database in
            try await database.raw(SQLQueryString(begin)).run()
            let result: Result
            do {
                result = try await body(database)
            } catch {
                do {
                    try await database.raw("ROLLBACK").run()
                } catch let rollbackError {
                    logger.warning("rollback failed", metadata: ["error": "\(String(reflecting: type(of: rollbackError)))"])
                }
                throw error
            }
            if auditing.isSet {
                do {
                    try await AuditTrail.record(in: database)
                } catch {
                    try? await database.raw("ROLLBACK").run()
                    throw error
                }
            }
            try await database.raw("COMMIT").run()
            return result
        }
    }

    /// Opens and migrates a service's database, then runs the service on it. When start-up
    /// throws (a consumer refused by librdkafka, a migration that fails), the database is closed
    /// before the error is reported: a connection pool released without being shut down traps,
    /// which would turn a clear refusal into a crash. On the normal path ``ServiceHost`` closes it.
    public static func serving(
        _ location: DatabaseLocation, migrations: [DatabaseMigration], logger: Logger,
        _ service: (ServiceDatabase) async throws -> Void
    ) async throws {
        let database = try await ServiceDatabase(location, logger: logger)
        do {
            try await database.migrate(migrations)
            try await service(database)
        } catch {
            try? await database.close()
            throw error
        }
    }

    /// A flag behind a reference. Stored in this class directly, an `Atomic` made Swift 6.3.1's
    /// optimizer crash on the init's throwing paths ("Found ownership error", drop_deinit).
    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .relaxed) }
        func set() { value.store(true, ordering: .relaxed) }
    }

    /// Closes every connection.
    public func close() async throws {
        try await readers?.shutdownAsync()
        switch pool {
        case .sqlite(let pool): try await pool.shutdownAsync()
        case .postgres(let pool): try await pool.shutdownAsync()
        }
    }
}
