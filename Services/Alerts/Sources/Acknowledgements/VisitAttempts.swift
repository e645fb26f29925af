import Foundation
import ServiceKit
import SQLKit

/// An area officer's visit that found nobody: not an answer (the resident stays on the list to
/// visit), but the room needs to know someone went, when, and how often. Kept by alert and person;
/// the audit trail names the officer as for any act.
public struct VisitAttempts: Sendable {
    public static let table = "visit_attempts"

    public static let migration = DatabaseMigration("alerts-visit-attempts-1") { database in
        try await database.create(table: table)
            .column("alert_id", type: .text, .notNull)
            .column("person_id", type: .text, .notNull)
            .column("area_code", type: .text, .notNull)
            .column("staff_id", type: .text, .notNull)
            .column("at", type: .timestamp, .notNull)
            .run()
        try await database.create(index: "visit_attempts_alert_person").on(table).column("alert_id").column("person_id").run()
    }

    /// How often nobody was found, and when last.
    public struct Tally: Sendable, Equatable {
        public let count: Int
        public let last: Date
    }

    public let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    public func record(alertId: String, personId: String, areaCode: String, by staff: StaffIdentity, now: Date = Date()) async throws {
        try await database.transaction { database in
            try await database.insert(into: Self.table).columns("alert_id", "person_id", "area_code", "staff_id", "at")
                .values(SQLBind(alertId), SQLBind(personId), SQLBind(areaCode), SQLBind(staff.staffID), SQLBind(now)).run()
        }
    }

    /// The tallies of `people` for an alert.
    public func tallies(alertId: String, people: [String]) async throws -> [String: Tally] {
        guard !people.isEmpty else { return [:] }
        return try await database.withReadConnection { database in
            var tallies: [String: Tally] = [:]
            for row in try await database.select().column("person_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .column(SQLFunction("MAX", args: SQLColumn("at")), as: "last").from(Self.table)
                .where("alert_id", .equal, SQLBind(alertId)).where("person_id", .in, SQLBind.group(people)).groupBy("person_id").all() {
                tallies[try row.decode(column: "person_id", as: String.self)] = Tally(
                    count: try row.decode(column: "n", as: Int.self), last: try row.decode(column: "last", as: Date.self))
            }
            return tallies
        }
    }
}
