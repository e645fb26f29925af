import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The residents aged 85 to 89 outside institutions, by area, from registration's person topic:
/// who may still spend the 85–89 service credit (an elder who turns 90 or enters an institution
/// stops drawing it from the moment the person's snapshot says so), and the denominator of the
/// credit's coverage. Only the flag and the area are kept.
enum ElderRegister {
    static let table = "elders_85_89"

    static let migration = DatabaseMigration("relief-elders-85-89-1") { database in
        try await database.create(table: table)
            .column("person_id", type: .text, .primaryKey(autoIncrement: false))
            .column("area_code", type: .text, .notNull)
            .run()
    }

    static func apply(_ event: CloudEvent, in database: any SQLDatabase) async throws {
        let person = try PersonSnapshot(cloudEvent: event)
        if person.vulnerabilities.contains(.aged85To89), !person.vulnerabilities.contains(.institutionalCare) {
            try await database.insert(into: table).columns("person_id", "area_code")
                .values(SQLBind(person.personId), SQLBind(person.areaCode))
                .onConflict(with: ["person_id"]) { $0.set(excludedValueOf: "area_code") }.run()
        } else {
            try await removed(person.personId, in: database)
        }
    }

    static func removed(_ personId: String, in database: any SQLDatabase) async throws {
        try await database.delete(from: table).where("person_id", .equal, SQLBind(personId)).run()
    }

    static func isAged85To89(_ personId: String, in database: any SQLDatabase) async throws -> Bool {
        try await database.select().column("person_id").from(table).where("person_id", .equal, SQLBind(personId)).first() != nil
    }

    /// Residents aged 85 to 89 outside institutions, per area.
    static func counts(in database: any SQLDatabase) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await database.select().column("area_code").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(table).groupBy("area_code").all() {
            counts[try row.decode(column: "area_code", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}
