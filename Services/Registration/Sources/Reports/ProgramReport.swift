import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// What the bureau reports each half-year, per area and program: how many applications were
/// approved and exited in the period, and how many households and persons are on the roll now.
public struct ProgramReport: Sendable, Codable {
    public struct Row: Sendable, Codable, Equatable {
        public let areaCode: String
        public let program: BenefitProgram
        public let approved: Int
        public let exited: Int
        public let householdsOnRoll: Int
        public let personsOnRoll: Int
    }

    /// `YYYY-MM-DD`, inclusive.
    public let from: String
    /// `YYYY-MM-DD`, exclusive.
    public let until: String
    public let rows: [Row]
}

/// Builds ``ProgramReport``s from the applications and decisions.
public struct ProgramReports: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// - Parameters: from, until: days in the bureau's time zone; `from` before `until`.
    public func report(from: CivilDate, until: CivilDate) async throws -> ProgramReport {
        guard from < until else { throw InvalidInput("from must be before until", fields: ["from": "before until"]) }
        let (start, end) = (from.start, until.start)
        return try await database.withConnection { database in
            struct Key: Hashable { let area: String; let program: String }
            var approved: [Key: Int] = [:], exited: [Key: Int] = [:]
            var households: [Key: Set<String>] = [:], persons: [Key: Set<String>] = [:]
            let decided = try await database.select()
                .column(SQLColumn("outcome", table: "decisions")).column(SQLColumn("program", table: "applications"))
                .column(SQLColumn("area_code", table: "households"))
                .from("decisions")
                .join("applications", on: SQLColumn("application_id", table: "decisions"), .equal, SQLColumn("id", table: "applications"))
                .join("households", on: SQLColumn("household_id", table: "applications"), .equal, SQLColumn("id", table: "households"))
                .where(SQLColumn("decided_at", table: "decisions"), .greaterThanOrEqual, SQLBind(start))
                .where(SQLColumn("decided_at", table: "decisions"), .lessThan, SQLBind(end))
                .all()
            for row in decided {
                let key = Key(area: try row.decode(column: "area_code", as: String.self), program: try row.decode(column: "program", as: String.self))
                switch try row.decode(column: "outcome", as: String.self) {
                case "approved": approved[key, default: 0] += 1
                case "exited": exited[key, default: 0] += 1
                default: break
                }
            }
            let onRoll = try await database.select()
                .column(SQLColumn("program", table: "applications")).column(SQLColumn("household_id", table: "applications"))
                .column(SQLColumn("person_id", table: "applications")).column(SQLColumn("area_code", table: "households"))
                .from("applications")
                .join("households", on: SQLColumn("household_id", table: "applications"), .equal, SQLColumn("id", table: "households"))
                .where(SQLColumn("status", table: "applications"), .equal, SQLBind("active"))
                .all()
            for row in onRoll {
                let key = Key(area: try row.decode(column: "area_code", as: String.self), program: try row.decode(column: "program", as: String.self))
                households[key, default: []].insert(try row.decode(column: "household_id", as: String.self))
                persons[key, default: []].insert(try row.decode(column: "person_id", as: String.self))
            }
            let keys = Set(approved.keys).union(exited.keys).union(households.keys)
            let rows = keys.sorted { ($0.area, $0.program) < ($1.area, $1.program) }.compactMap { key -> ProgramReport.Row? in
                guard let program = BenefitProgram(rawValue: key.program) else { return nil }
                return ProgramReport.Row(
                    areaCode: key.area, program: program, approved: approved[key] ?? 0, exited: exited[key] ?? 0,
                    householdsOnRoll: households[key]?.count ?? 0, personsOnRoll: persons[key]?.count ?? 0)
            }
            return ProgramReport(from: from.description, until: until.description, rows: rows)
        }
    }
}
