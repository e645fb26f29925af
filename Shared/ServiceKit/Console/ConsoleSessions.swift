import Crypto
import Foundation
import SQLKit

/// Signed-in console users, kept in the service's own database so that every replica knows a
/// session and signing out ends it everywhere at once. Only a hash of the session id is stored:
/// the database (or a backup of it) does not let anyone in. The CSRF token is per session.
public struct ConsoleSessions: Sendable {
    public static let table = "console_sessions"
    /// A working day and a bit: a caseworker signs in once per shift.
    public static let lifetime: TimeInterval = 10 * 3600

    public static let migration = DatabaseMigration("console-sessions-1") { database in
        try await database.create(table: table)
            .column("id_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("identity", type: .text, .notNull)
            .column("csrf", type: .text, .notNull)
            .column("created_at", type: .timestamp, .notNull)
            .column("expires_at", type: .timestamp, .notNull)
            .column("ended_at", type: .timestamp)
            .run()
        try await database.create(index: "console_sessions_expires").on(table).column("expires_at").run()
    }

    /// A live session: who, and the token every form must carry.
    public struct Session: Sendable, Equatable {
        public let staff: StaffIdentity
        public let csrf: String
        public let expiresAt: Date
    }

    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Opens a session for `staff`; the returned id goes into the cookie and nowhere else.
    public func open(for staff: StaffIdentity, now: Date = Date()) async throws -> (id: String, session: Session) {
        let id = Self.randomToken()
        let session = Session(staff: staff, csrf: Self.randomToken(), expiresAt: now.addingTimeInterval(Self.lifetime))
        let identity = String(decoding: try JSONEncoder().encode(staff), as: UTF8.self)
        try await database.withConnection { database in
            try await database.insert(into: Self.table)
                .columns("id_hash", "identity", "csrf", "created_at", "expires_at")
                .values(SQLBind(Self.hash(id)), SQLBind(identity), SQLBind(session.csrf), SQLBind(now), SQLBind(session.expiresAt))
                .run()
            // Expired sessions are of no use to anyone: each sign-in sweeps them.
            try await database.delete(from: Self.table).where("expires_at", .lessThan, SQLBind(now)).run()
        }
        return (id, session)
    }

    /// The session of a cookie's id, if it is known, not expired and not signed out.
    public func session(id: String, now: Date = Date()) async throws -> Session? {
        guard id.count == 43 else { return nil }
        let row = try await database.withReadConnection { database in
            try await database.select().columns("identity", "csrf", "expires_at").from(Self.table)
                .where("id_hash", .equal, SQLBind(Self.hash(id))).where("ended_at", .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, SQLBind(now)).first()
        }
        guard let row else { return nil }
        let staff = try JSONDecoder().decode(StaffIdentity.self, from: Data(try row.decode(column: "identity", as: String.self).utf8))
        return Session(staff: staff, csrf: try row.decode(column: "csrf", as: String.self),
                       expiresAt: try row.decode(column: "expires_at", as: Date.self))
    }

    /// Signs out: the id is worthless from now on, even if the browser keeps the cookie.
    public func end(id: String, now: Date = Date()) async throws {
        try await database.withConnection { database in
            try await database.update(Self.table).set("ended_at", to: SQLBind(now))
                .where("id_hash", .equal, SQLBind(Self.hash(id))).run()
        }
    }

    /// 32 random bytes, base64url without padding (43 characters, cookie- and form-safe).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ id: String) -> String {
        SHA256.hash(data: Data(id.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
