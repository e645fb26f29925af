import Foundation
import Logging
import NIOCore
import SQLiteKit

/// sql-kit over one SQLite connection, like SQLiteKit's own adapter, except that binds and
/// column reads of the scalar types services use (String, Int, Int64, Double, Bool, Date,
/// Data, and their optionals) are converted directly. SQLiteKit converts every value through
/// a cast to `any SQLiteDataConvertible` or a `Codable` container, a protocol-conformance
/// lookup per value: in `relief-benchmark` the binds of a payroll release and the outbox
/// relay's row reads spent 2.7 of 19 CPU-seconds there (perf). The conversions are SQLite's
/// own (`init(sqliteData:)`, `sqliteData`), so values are stored and read back exactly as
/// before; any other type goes to SQLiteKit's encoder and decoder unchanged.
struct SQLiteDirectDatabase: SQLDatabase {
    let connection: SQLiteConnection
    /// SQLiteKit's adapter over the same connection, for what it reports about the database.
    private let sqliteKit: any SQLDatabase

    init(_ connection: SQLiteConnection) {
        self.connection = connection
        sqliteKit = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sqliteKit.version }
    var dialect: any SQLDialect { sqliteKit.dialect }
    /// Never logged: bound values hold personal data.
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        let (sql, binds) = serialize(query)
        do {
            return connection.query(sql, try binds.map(SQLiteScalars.data(for:))) { onRow(SQLiteDirectRow(row: $0)) }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        try await connection.query(sql, try binds.map(SQLiteScalars.data(for:))) { onRow(SQLiteDirectRow(row: $0)) }
    }

    /// The connection is already one session.
    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}
