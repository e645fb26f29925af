import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// A new dibao standard applied to every household it changes, as one act: a caseworker proposes
/// it for a month (a dry run listing each household's old and new top-up, nothing decided), and
/// an approver other than the proposer applies it; every changed household then gets an
/// `adjusted` decision effective that month, in one transaction.
public struct StandardChanges: Sendable {
    let database: ServiceDatabase
    let desk: ApplicationDesk

    public init(database: ServiceDatabase, desk: ApplicationDesk) {
        self.database = database
        self.desk = desk
    }

    /// A proposal and what it would change.
    public struct Proposal: Sendable, Codable, Equatable {
        public enum Status: String, Sendable, Codable { case proposed, applied }

        public let changeId: String
        public let effectiveMonth: String
        public let urbanStandardFen: Int
        public let ruralStandardFen: Int
        public let status: Status
        /// Households whose top-up changes, and the sum of the changes per month, in fen.
        public let households: Int
        public let monthlyDifferenceFen: Int
        /// Households the new standard would no longer cover (their income per member is not
        /// below it): listed, never exited by this act; an approver exits them one by one.
        public let noLongerQualifying: Int
        public let proposedBy: String
        public let proposedAt: Date
        public let appliedBy: String?
        public let appliedAt: Date?
    }

    /// One household's line.
    public struct Line: Sendable, Codable, Equatable {
        public let applicationId: String
        public let householdId: String
        public let members: Int
        public let oldMonthlyAmountFen: Int
        public let newMonthlyAmountFen: Int
        public let qualifies: Bool
    }

    static let migration = DatabaseMigration("registration-standard-changes-1") { database in
        try await database.create(table: "standard_changes")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("effective_month", type: .text, .notNull)
            .column("urban_fen", type: .bigint, .notNull)
            .column("rural_fen", type: .bigint, .notNull)
            .column("status", type: .text, .notNull)
            .column("households", type: .bigint, .notNull)
            .column("difference_fen", type: .bigint, .notNull)
            .column("no_longer_qualifying", type: .bigint, .notNull)
            .column("proposed_by", type: .text, .notNull)
            .column("proposed_at", type: .timestamp, .notNull)
            .column("applied_by", type: .text)
            .column("applied_at", type: .timestamp)
            .run()
        try await database.create(table: "standard_change_lines")
            .column("change_id", type: .text, .notNull, .references("standard_changes", "id"))
            .column("application_id", type: .text, .notNull)
            .column("household_id", type: .text, .notNull)
            .column("members", type: .bigint, .notNull)
            .column("old_fen", type: .bigint, .notNull)
            .column("new_fen", type: .bigint, .notNull)
            .column("qualifies", type: .int, .notNull)
            .primaryKey("change_id", "application_id")
            .run()
    }

    /// Computes what the standard in force in `month` does to every active dibao, and keeps it
    /// as a proposal.
    public func propose(effectiveMonth month: Month, by staff: StaffIdentity) async throws -> Proposal {
        let standards = desk.standards
        let areas = desk.register.areas
        let id = Register.newID("SC")
        AuditTrail.name(id)
        let now = desk.register.clock.now
        try await database.transaction { database in
            let active = try await database.raw("""
                SELECT a.id, a.household_id, a.household_monthly_income_fen, a.monthly_amount_fen, h.area_code,
                       (SELECT COUNT(*) FROM residents r WHERE r.household_id = a.household_id) AS members
                FROM applications a JOIN households h ON h.id = a.household_id
                WHERE a.program = \(bind: BenefitProgram.dibao.rawValue) AND a.status = \(bind: BenefitApplication.Status.active.rawValue)
                ORDER BY a.id
                """).all()
            var lines: [Line] = []
            for row in active {
                let kind = areas.residentialArea(try row.decode(column: "area_code", as: String.self))?.kind ?? .urban
                let test = try MeansTest(
                    householdMonthlyIncomeFen: try row.decode(column: "household_monthly_income_fen", as: Int?.self) ?? 0,
                    members: try row.decode(column: "members", as: Int.self), standardFen: standards.standard(for: kind, in: month))
                let old = try row.decode(column: "monthly_amount_fen", as: Int?.self) ?? 0
                guard test.monthlyTopUpFen != old else { continue }
                lines.append(Line(
                    applicationId: try row.decode(column: "id", as: String.self),
                    householdId: try row.decode(column: "household_id", as: String.self), members: test.members,
                    oldMonthlyAmountFen: old, newMonthlyAmountFen: test.monthlyTopUpFen, qualifies: test.qualifies))
            }
            let changing = lines.filter(\.qualifies)
            let difference = try Fen.sum(try changing.map { try Fen($0.newMonthlyAmountFen) - Fen($0.oldMonthlyAmountFen) }).value
            try await database.insert(into: "standard_changes")
                .columns("id", "effective_month", "urban_fen", "rural_fen", "status", "households", "difference_fen",
                         "no_longer_qualifying", "proposed_by", "proposed_at")
                .values(SQLBind(id), SQLBind(month.description), SQLBind(standards.standard(for: .urban, in: month)),
                        SQLBind(standards.standard(for: .rural, in: month)), SQLBind(Proposal.Status.proposed.rawValue),
                        SQLBind(changing.count), SQLBind(difference), SQLBind(lines.count - changing.count),
                        SQLBind(staff.staffID), SQLBind(now))
                .run()
            _ = try await database.insertRows(
                into: "standard_change_lines",
                columns: ["change_id", "application_id", "household_id", "members", "old_fen", "new_fen", "qualifies"],
                rows: lines.map { [id, $0.applicationId, $0.householdId, $0.members, $0.oldMonthlyAmountFen, $0.newMonthlyAmountFen, $0.qualifies ? 1 : 0] })
        }
        return try await proposal(id)
    }

    /// Applies a proposal: an approver other than its proposer; each household still active at
    /// the amount the proposal saw gets an `adjusted` decision (one changed since is left to
    /// its own review).
    public func apply(_ id: String, by approver: StaffIdentity) async throws -> Proposal {
        let current = try await proposal(id)
        try FourEyes.check(submittedBy: current.proposedBy, decidedBy: approver, what: "standard change")
        let now = desk.register.clock.now
        let reason = "dibao standard from \(current.effectiveMonth): urban \(current.urbanStandardFen) fen, rural \(current.ruralStandardFen) fen"
        try await database.transaction { database in
            let claimed = try await database.update("standard_changes")
                .set("status", to: SQLBind(Proposal.Status.applied.rawValue)).set("applied_by", to: SQLBind(approver.staffID))
                .set("applied_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(Proposal.Status.proposed.rawValue))
                .returning("id").all()
            guard !claimed.isEmpty else { throw ApplicationError.stateConflict(status: "applied", action: "be applied again") }
            let lines = try await database.raw("""
                SELECT l.application_id, l.new_fen, a.household_id, a.person_id, a.submitted_by, a.household_monthly_income_fen,
                       l.members, h.area_code
                FROM standard_change_lines l JOIN applications a ON a.id = l.application_id
                JOIN households h ON h.id = a.household_id
                WHERE l.change_id = \(bind: id) AND l.qualifies = 1 AND a.status = \(bind: BenefitApplication.Status.active.rawValue)
                  AND a.monthly_amount_fen = l.old_fen
                ORDER BY l.application_id
                """).all()
            for line in lines {
                let applicationId = try line.decode(column: "application_id", as: String.self)
                let amount = try line.decode(column: "new_fen", as: Int.self)
                let household = try line.decode(column: "household_id", as: String.self)
                let kind = desk.register.areas.residentialArea(try line.decode(column: "area_code", as: String.self))?.kind ?? .urban
                let decision = BenefitDecisionV2(
                    decisionId: Register.newID("D"), applicationId: applicationId, householdId: household,
                    beneficiaryId: try line.decode(column: "person_id", as: String.self), program: .dibao, outcome: .adjusted,
                    monthlyAmountFen: amount, effectiveMonth: current.effectiveMonth, reason: reason, reasonCode: .standardChanged,
                    householdMonthlyIncomeFen: try line.decode(column: "household_monthly_income_fen", as: Int?.self),
                    members: try line.decode(column: "members", as: Int.self),
                    standardFen: kind == .urban ? current.urbanStandardFen : current.ruralStandardFen,
                    decidedBy: approver.staffID, submittedBy: try line.decode(column: "submitted_by", as: String.self), decidedAt: now)
                try await database.update("applications").set("monthly_amount_fen", to: SQLBind(amount))
                    .set("decided_by", to: SQLBind(approver.staffID)).set("decided_at", to: SQLBind(now))
                    .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(applicationId)).run()
                try await Decisions.record(decision, in: database)
            }
        }
        return try await proposal(id)
    }

    public func proposal(_ id: String) async throws -> Proposal {
        guard let row = try await database.withConnection({ database in
            try await database.select().column("*").from("standard_changes").where("id", .equal, SQLBind(id)).first()
        }) else { throw NotFound("no standard change \(id)") }
        return Proposal(
            changeId: id, effectiveMonth: try row.decode(column: "effective_month", as: String.self),
            urbanStandardFen: try row.decode(column: "urban_fen", as: Int.self), ruralStandardFen: try row.decode(column: "rural_fen", as: Int.self),
            status: Proposal.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .proposed,
            households: try row.decode(column: "households", as: Int.self),
            monthlyDifferenceFen: try row.decode(column: "difference_fen", as: Int.self),
            noLongerQualifying: try row.decode(column: "no_longer_qualifying", as: Int.self),
            proposedBy: try row.decode(column: "proposed_by", as: String.self),
            proposedAt: try row.decode(column: "proposed_at", as: Date.self),
            appliedBy: try row.decode(column: "applied_by", as: String?.self),
            appliedAt: try row.decode(column: "applied_at", as: Date?.self))
    }

    /// One page of a proposal's lines, by application.
    public func lines(of id: String, page: PageRequest) async throws -> Page<Line> {
        _ = try await proposal(id)
        return try await database.withReadConnection { database in
            let total = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("standard_change_lines").where("change_id", .equal, SQLBind(id)).first()?.decode(column: "n", as: Int.self) ?? 0
            let lines = try await database.select().column("*").from("standard_change_lines").where("change_id", .equal, SQLBind(id))
                .orderBy("application_id").limit(page.pageSize).offset(page.offset).all().map { row in
                    Line(applicationId: try row.decode(column: "application_id", as: String.self),
                         householdId: try row.decode(column: "household_id", as: String.self),
                         members: try row.decode(column: "members", as: Int.self),
                         oldMonthlyAmountFen: try row.decode(column: "old_fen", as: Int.self),
                         newMonthlyAmountFen: try row.decode(column: "new_fen", as: Int.self),
                         qualifies: try row.decode(column: "qualifies", as: Int.self) != 0)
                }
            return Page(lines, of: page, total: total)
        }
    }
}
