import Foundation
import SQLKit
import Synchronization

/// Who did what to which record, and when: one row per staff act, written by
/// ``ServiceDatabase/transaction(_:)`` in the transaction that does the act, so the trail has
/// every act that took effect and nothing that was rolled back. The act is the request a staff
/// member made (``AuditMiddleware`` sets it for every write); a desk that creates a record names
/// it with ``name(_:)``, as the path does not know its id yet.
public enum AuditTrail {
    public static let table = "audit_trail"

    public static let migration = DatabaseMigration("audit-trail-1") { database in
        try await database.create(table: table)
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("at", type: .timestamp, .notNull)
            .column("staff_id", type: .text, .notNull)
            .column("action", type: .text, .notNull)
            .column("path", type: .text, .notNull)
            .column("record", type: .text)
            .column("request_id", type: .text, .notNull)
            .run()
        try await database.create(index: "audit_trail_at").on(table).column("at").run()
        try await database.create(index: "audit_trail_staff").on(table).column("staff_id").column("at").run()
        try await database.create(index: "audit_trail_record").on(table).column("record").run()
    }

    /// The staff act in progress on this task, if any.
    @TaskLocal public static var act: Act?

    /// Names the record the current act created (e.g. a new household's id), for the trail.
    public static func name(_ record: String) {
        act?.records.withLock { $0.append(record) }
    }

    /// One staff request that changes something.
    public final class Act: Sendable {
        public let staffID: String
        /// The HTTP method; with `path` (ids filled in) it says what was done to what.
        public let action: String
        public let path: String
        public let requestID: String
        let records = Mutex<[String]>([])

        public init(staffID: String, method: String, path: String, requestID: String) {
            self.staffID = staffID
            action = method
            self.path = path
            self.requestID = requestID
        }
    }

    /// One row of the trail.
    public struct Entry: Codable, Sendable, Equatable {
        public let at: Date
        public let staffId: String
        public let action: String
        public let path: String
        /// The record the act created, when a desk named one; otherwise the path names it.
        public let record: String?
        public let requestId: String
    }

    /// Writes the current act, if there is one, in the caller's transaction.
    static func record(in database: any SQLDatabase, at now: Date = Date()) async throws {
        guard let act else { return }
        let record = act.records.withLock { $0.isEmpty ? nil : $0.joined(separator: ",") }
        try await database.insert(into: table)
            .columns("id", "at", "staff_id", "action", "path", "record", "request_id")
            .values(SQLBind(UUID().uuidString.lowercased()), SQLBind(now), SQLBind(act.staffID), SQLBind(act.action),
                    SQLBind(act.path), SQLBind(record), SQLBind(act.requestID))
            .run()
    }

    /// What an auditor asks for: acts on a record (named, or in the path), by a staff member, in
    /// a time range; all optional.
    public struct Query: Sendable {
        public var record: String?
        public var staffID: String?
        public var from: Date?
        public var until: Date?

        public init(record: String? = nil, staffID: String? = nil, from: Date? = nil, until: Date? = nil) {
            self.record = record
            self.staffID = staffID
            self.from = from
            self.until = until
        }
    }

    /// A page of the trail, newest first.
    public static func entries(_ query: Query, page: PageRequest, in database: ServiceDatabase) async throws -> Page<Entry> {
        try await database.withReadConnection { database in
            func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                var select = select.from(table)
                if let record = query.record {
                    // Record ids are checked at the edge to hold no LIKE wildcards.
                    select = select.where {
                        $0.where("record", .equal, SQLBind(record))
                            .orWhere("record", .like, SQLBind("%," + record)).orWhere("record", .like, SQLBind(record + ",%"))
                            .orWhere("path", .like, SQLBind("%/" + record)).orWhere("path", .like, SQLBind("%/" + record + "/%"))
                    }
                }
                if let staff = query.staffID { select = select.where("staff_id", .equal, SQLBind(staff)) }
                if let from = query.from { select = select.where("at", .greaterThanOrEqual, SQLBind(from)) }
                if let until = query.until { select = select.where("at", .lessThan, SQLBind(until)) }
                return select
            }
            let total = try await filtered(database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let entries = try await filtered(database.select().column("*")).orderBy("at", .descending).orderBy("id")
                .limit(page.pageSize).offset(page.offset).all()
                .map { try $0.decode(model: Entry.self, keyDecodingStrategy: .convertFromSnakeCase) }
            return Page(entries, of: page, total: total)
        }
    }
}
