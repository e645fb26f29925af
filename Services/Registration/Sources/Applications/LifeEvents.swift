import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// What a change in a person's life does to their benefits. Each function runs inside the
/// caller's transaction, so the register's change and the decisions it causes are written
/// together: a removed resident never stays payable because a second step was lost.
///
/// | Life event                         | dibao (household)          | child allowance | 85–89 home-care subsidy | home-care plan | one-off relief |
/// |------------------------------------|----------------------------|-----------------|--------------------------|----------------|----------------|
/// | beneficiary removed (any reason)   | exited                     | exited          | exited                   | exited         | exited         |
/// | other member removed, moved, added | review due today           | —               | —                        | —              | —              |
/// | enters institutional care          | —                          | —               | exited                   | exited         | —              |
/// | turns 18                           | —                          | exited          | —                        | —              | —              |
/// | turns 90                           | —                          | —               | exited                   | —              | —              |
///
/// An exit is effective from the next month (for ages, the month after the birthday); a draft
/// or submitted application of a removed beneficiary is withdrawn (rejected) without a decision
/// event, as relief never saw it.
public enum LifeEvents {
    /// Why a resident left the register.
    public enum RemovalReason: String, Sendable, CaseIterable {
        case deceased
        case movedOut = "moved-out"
        case registeredInError = "registered-in-error"

        var decisionReason: String { "removed from the register: \(rawValue)" }

        var code: DecisionReason {
            switch self {
            case .deceased: .deceased
            case .movedOut: .movedOut
            case .registeredInError: .registeredInError
            }
        }
    }

    /// Exits the resident's active and suspended applications (of `programs`, or all) and
    /// withdraws their drafts and submissions; returns the decisions published.
    @discardableResult
    static func exitBenefits(
        ofResident residentId: String, programs: Set<BenefitProgram>? = nil, reason: String, code: DecisionReason,
        effective month: Month,
        by staffID: String, at now: Date, in database: any SQLDatabase
    ) async throws -> [BenefitDecisionV2] {
        var select = database.select().columns("id", "household_id", "person_id", "program", "status", "monthly_amount_fen",
                                               "one_off_amount_fen", "submitted_by")
            .from("applications").where("beneficiary_resident_id", .equal, SQLBind(residentId))
            .where("status", .in, SQLBind.group(ApplicationDesk.openStatuses.map(\.rawValue)))
        if let programs { select = select.where("program", .in, SQLBind.group(programs.map(\.rawValue))) }
        var decisions: [BenefitDecisionV2] = []
        for row in try await select.orderBy("id").all() {
            let id = try row.decode(column: "id", as: String.self)
            guard let program = BenefitProgram(rawValue: try row.decode(column: "program", as: String.self)) else { continue }
            let status = try row.decode(column: "status", as: String.self)
            guard status == BenefitApplication.Status.active.rawValue || status == BenefitApplication.Status.suspended.rawValue else {
                try await database.update("applications").set("status", to: SQLBind(BenefitApplication.Status.rejected.rawValue))
                    .set("reason", to: SQLBind(reason)).set("decided_by", to: SQLBind(staffID)).set("decided_at", to: SQLBind(now))
                    .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
                continue
            }
            let monthly = try row.decode(column: "monthly_amount_fen", as: Int?.self)
            let decision = BenefitDecisionV2(
                decisionId: Register.newID("D"), applicationId: id,
                householdId: try row.decode(column: "household_id", as: String.self),
                beneficiaryId: try row.decode(column: "person_id", as: String.self), program: program, outcome: .exited,
                monthlyAmountFen: monthly, oneOffAmountFen: try row.decode(column: "one_off_amount_fen", as: Int?.self),
                effectiveMonth: month.description, reason: reason, reasonCode: code, decidedBy: staffID,
                submittedBy: try row.decode(column: "submitted_by", as: String.self), decidedAt: now)
            try await database.update("applications").set("status", to: SQLBind(BenefitApplication.Status.exited.rawValue))
                .set("reason", to: SQLBind(reason)).set("decided_by", to: SQLBind(staffID)).set("decided_at", to: SQLBind(now))
                .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
            try await Decisions.record(decision, in: database)
            decisions.append(decision)
        }
        return decisions
    }

    /// A household-level benefit's amount depends on who lives in the household: when its
    /// members change, its active application is due for review today (listed by `/v1/reviews`).
    static func householdChanged(_ householdId: String, today: CivilDate, at now: Date, in database: any SQLDatabase) async throws {
        try await database.update("applications").set("review_due_on", to: SQLBind(today.description))
            .set("updated_at", to: SQLBind(now))
            .where("household_id", .equal, SQLBind(householdId))
            .where("program", .in, SQLBind.group(BenefitProgram.allCases.filter(\.isHouseholdLevel).map(\.rawValue)))
            .where("status", .in, SQLBind.group([BenefitApplication.Status.active.rawValue, BenefitApplication.Status.suspended.rawValue]))
            .where(SQLBinaryExpression(SQLColumn("review_due_on"), .greaterThan, SQLBind(today.description)))
            .run()
    }

    /// Who a program is for until a birthday: the child allowance until 18, the 85–89 home-care
    /// subsidy until 90.
    static let ageLimits: [(program: BenefitProgram, years: Int)] = [(.childLivingAllowance, 18), (.elderlyHomeCareSubsidy, 90)]

    /// Exits every open benefit whose beneficiary has reached the program's age limit by
    /// `today`, effective the month after the birthday. Safe to run any number of times a day:
    /// an exited application is not open any more. Returns the decisions published.
    public static func sweepAgeLimits(
        today: CivilDate, database: ServiceDatabase, now: Date = Date()
    ) async throws -> [BenefitDecisionV2] {
        try await database.transaction { database in
            var decisions: [BenefitDecisionV2] = []
            for (program, years) in ageLimits {
                // Born on or before this day: `years` old today.
                guard let bornBy = today.adding(years: -years) else { continue }
                let due = try await database.select().column(SQLColumn("id", table: "residents"), as: "resident_id")
                    .column(SQLColumn("birth_date", table: "residents"))
                    .from("applications")
                    .join("residents", on: SQLColumn("beneficiary_resident_id", table: "applications"), .equal, SQLColumn("id", table: "residents"))
                    .where(SQLColumn("program", table: "applications"), .equal, SQLBind(program.rawValue))
                    .where(SQLColumn("status", table: "applications"), .in,
                           SQLBind.group([BenefitApplication.Status.active.rawValue, BenefitApplication.Status.suspended.rawValue]))
                    .where(SQLColumn("birth_date", table: "residents"), .lessThanOrEqual, SQLBind(bornBy.description))
                    .all()
                for row in due {
                    guard let born = CivilDate(try row.decode(column: "birth_date", as: String.self)),
                          let birthday = born.adding(years: years), let effective = birthday.month.next
                    else { continue }
                    decisions += try await exitBenefits(
                        ofResident: try row.decode(column: "resident_id", as: String.self), programs: [program],
                        reason: "reached the age limit of \(years)", code: .ageLimit, effective: effective, by: "system:age-limits", at: now,
                        in: database)
                }
            }
            return decisions
        }
    }
}
