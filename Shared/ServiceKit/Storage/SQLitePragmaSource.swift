import AsyncKit
import Logging
import NIOCore
import SQLiteKit

/// Opens SQLite connections set up for a service's durability: write-ahead log, full sync (an
/// accepted write survives the process being killed and the machine losing power), and a busy
/// timeout for the rare second process (a backup, an operator's sqlite3 shell).
struct SQLitePragmaSource: ConnectionPoolSource {
    let base: SQLiteConnectionSource

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            let pragmas = ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA busy_timeout = 5000"]
            return pragmas.reduce(eventLoop.makeSucceededVoidFuture()) { previous, pragma in
                previous.flatMap { connection.query(pragma).map { _ in } }
            }.map { connection }.flatMapErrorThrowing { error in
                _ = connection.close()
                throw error
            }
        }
    }
}
