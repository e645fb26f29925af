import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// What the bureau reports each half-year, per community and program: how many applications were
/// approved and exited in the period (exits by reason), and how many households and persons are
/// covered at the end of it; for dibao, the average monthly top-up beside the standard.
public struct ProgramReport: Sendable, Codable {
    public struct Row: Sendable, Codable, Equatable {
        public let areaCode: String
        /// urban or rural: which dibao standard applies.
        public let areaKind: AreaKind?
        public let program: BenefitProgram
        public let approved: Int
        public let exited: Int
        /// Exits in the period by their reason (a life event's reason, or the approver's words).
        public let exitedByReason: [String: Int]
        /// Households with an active application at the end of the period.
        public let householdsOnRoll: Int
        /// Persons covered: every member of a household-level program's households (a dibao
        /// household of three is three persons), the beneficiary otherwise.
        public let personsOnRoll: Int
        /// Household-level programs: the mean monthly top-up of the households on the roll, in
        /// fen (rounded down), and the standard of the area's kind beside it.
        public let averageMonthlyTopUpFen: Int?
        public let standardFen: Int?
    }

    /// `YYYY-MM-DD`, inclusive.
    public let from: String
    /// `YYYY-MM-DD`, exclusive.
    public let until: String
    public let rows: [Row]
}

/// Builds ``ProgramReport``s from the applications, decisions and the register.
public struct ProgramReports: Sendable {
    let database: ServiceDatabase
    let areas: AreaDirectory?
    let standards: MeansTest.Standards?

    public init(database: ServiceDatabase, areas: AreaDirectory? = nil, standards: MeansTest.Standards? = nil) {
        self.database = database
        self.areas = areas
        self.standards = standards
    }

    /// - Parameters: from, until: days in the bureau's time zone; `from` before `until`.
    public func report(from: CivilDate, until: CivilDate) async throws -> ProgramReport {
        guard from < until else { throw InvalidInput("from must be before until", fields: ["from": "before until"]) }
        let (start, end) = (from.start, until.start)
        // The standard in force on the period's last day.
        let lastMonth = until.adding(days: -1)?.month ?? until.month
        return try await database.withReadConnection { database in
            struct Key: Hashable { let area: String; let program: String }
            var approved: [Key: Int] = [:], exited: [Key: [String: Int]] = [:]
            var households: [Key: Set<String>] = [:], persons: [Key: Set<String>] = [:], topUps: [Key: [Int]] = [:]
            let decided = try await database.select()
                .column(SQLColumn("outcome", table: "decisions")).column(SQLColumn("reason", table: "decisions"))
                .column(SQLColumn("program", table: "applications")).column(SQLColumn("area_code", table: "households"))
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
                case "exited": exited[key, default: [:]][try row.decode(column: "reason", as: String?.self) ?? "unstated", default: 0] += 1
                default: break
                }
            }
            let onRoll = try await database.select()
                .column(SQLColumn("program", table: "applications")).column(SQLColumn("household_id", table: "applications"))
                .column(SQLColumn("person_id", table: "applications")).column(SQLColumn("monthly_amount_fen", table: "applications"))
                .column(SQLColumn("area_code", table: "households"))
                .from("applications")
                .join("households", on: SQLColumn("household_id", table: "applications"), .equal, SQLColumn("id", table: "households"))
                .where(SQLColumn("status", table: "applications"), .equal, SQLBind(BenefitApplication.Status.active.rawValue))
                .all()
            // Members of the households on a household-level program's roll, counted once each.
            let members = try await database.select().column(SQLColumn("household_id", table: "residents"))
                .column(SQLColumn("person_id", table: "residents")).from("residents")
                .where(SQLColumn("household_id", table: "residents"), .in, SQLSubquery.select { sub in
                    sub.column("household_id").from("applications")
                        .where("status", .equal, SQLBind(BenefitApplication.Status.active.rawValue))
                        .where("program", .in, SQLBind.group(BenefitProgram.allCases.filter(\.isHouseholdLevel).map(\.rawValue)))
                })
                .all()
            var membersOf: [String: [String]] = [:]
            for row in members {
                membersOf[try row.decode(column: "household_id", as: String.self), default: []]
                    .append(try row.decode(column: "person_id", as: String.self))
            }
            for row in onRoll {
                let key = Key(area: try row.decode(column: "area_code", as: String.self), program: try row.decode(column: "program", as: String.self))
                let household = try row.decode(column: "household_id", as: String.self)
                households[key, default: []].insert(household)
                if BenefitProgram(rawValue: key.program)?.isHouseholdLevel == true {
                    persons[key, default: []].formUnion(membersOf[household] ?? [])
                    if let amount = try row.decode(column: "monthly_amount_fen", as: Int?.self) { topUps[key, default: []].append(amount) }
                } else {
                    persons[key, default: []].insert(try row.decode(column: "person_id", as: String.self))
                }
            }
            let keys = Set(approved.keys).union(exited.keys).union(households.keys)
            let rows = keys.sorted { ($0.area, $0.program) < ($1.area, $1.program) }.compactMap { key -> ProgramReport.Row? in
                guard let program = BenefitProgram(rawValue: key.program) else { return nil }
                let kind = areas?.residentialArea(key.area)?.kind
                let amounts = topUps[key] ?? []
                let average = amounts.isEmpty ? nil : (try? Fen.sum(amounts.map { Fen($0) }).value).map { $0 / amounts.count }
                return ProgramReport.Row(
                    areaCode: key.area, areaKind: kind, program: program, approved: approved[key] ?? 0,
                    exited: exited[key]?.values.reduce(0, +) ?? 0, exitedByReason: exited[key] ?? [:],
                    householdsOnRoll: households[key]?.count ?? 0, personsOnRoll: persons[key]?.count ?? 0,
                    averageMonthlyTopUpFen: program.isHouseholdLevel ? average : nil,
                    standardFen: program.isHouseholdLevel ? kind.flatMap { standards?.standard(for: $0, in: lastMonth) } : nil)
            }
            return ProgramReport(from: from.description, until: until.description, rows: rows)
        }
    }
}
