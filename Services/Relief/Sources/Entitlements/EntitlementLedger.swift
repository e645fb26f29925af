import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Keeps entitlements current from registration's decisions. Each decision is recorded once
/// (the inbox deduplicates on its `ce_id`, the decision id); what is payable in a month is the
/// latest decision in force by then, so a suspension or exit stops payments from the month it
/// takes effect, and a late-arriving older decision cannot undo a newer one.
public struct EntitlementLedger: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    public static let migration = DatabaseMigration("relief-entitlement-decisions-1") { database in
        try await database.create(table: "entitlement_decisions")
            .column("decision_id", type: .text, .primaryKey(autoIncrement: false))
            .column("application_id", type: .text, .notNull)
            .column("household_id", type: .text, .notNull)
            .column("beneficiary_id", type: .text, .notNull)
            .column("program", type: .text, .notNull)
            .column("outcome", type: .text, .notNull)
            .column("monthly_amount_fen", type: .bigint)
            .column("one_off_amount_fen", type: .bigint)
            .column("effective_month", type: .text, .notNull)
            .column("decided_by", type: .text, .notNull)
            .column("decided_at", type: .timestamp, .notNull)
            .run()
        try await database.create(index: "entitlement_decisions_application").on("entitlement_decisions")
            .column("application_id").column("effective_month").run()
    }

    /// Medical claims look up one person's entitlements.
    /// The decision's reason, so a payroll draft can say why a payment stopped.
    public static let reasonColumn = DatabaseMigration("relief-entitlement-decisions-3-reason") { database in
        try await database.alter(table: "entitlement_decisions").column("reason", type: .text).run()
    }

    public static let beneficiaryIndex = DatabaseMigration("relief-entitlement-decisions-2") { database in
        try await database.create(index: "entitlement_decisions_beneficiary").on("entitlement_decisions")
            .column("beneficiary_id").run()
    }

    /// Records one decision (called by ``ReliefInbox`` inside its transaction).
    func apply(_ event: CloudEvent, in database: any SQLDatabase) async throws {
        let decision = event.type == BenefitDecisionV2.eventType
            ? try BenefitDecisionV2(cloudEvent: event) : BenefitDecisionV2(try BenefitDecision(cloudEvent: event))
        guard Month.isMonth(decision.effectiveMonth) else {
            throw PermanentEventError("effectiveMonth '\(decision.effectiveMonth)' is not YYYY-MM")
        }
        for amount in [decision.monthlyAmountFen, decision.oneOffAmountFen].compactMap(\.self) where !Fen.isAccepted(amount) {
            throw PermanentEventError("an amount of \(amount) fen is outside 0 to \(Fen.largestAccepted.value)")
        }
        let inserted = try await database.insert(into: "entitlement_decisions")
            .columns("decision_id", "application_id", "household_id", "beneficiary_id", "program", "outcome",
                     "monthly_amount_fen", "one_off_amount_fen", "effective_month", "decided_by", "decided_at", "reason")
            .values(SQLBind(decision.decisionId), SQLBind(decision.applicationId), SQLBind(decision.householdId),
                    SQLBind(decision.beneficiaryId), SQLBind(decision.program.rawValue), SQLBind(decision.outcome.rawValue),
                    SQLBind(decision.monthlyAmountFen), SQLBind(decision.oneOffAmountFen), SQLBind(decision.effectiveMonth),
                    SQLBind(decision.decidedBy), SQLBind(decision.decidedAt),
                    SQLBind(decision.reasonCode?.rawValue ?? decision.reason))
            .ignoringConflicts(with: ["decision_id"])
            .returning("decision_id").all()
        guard !inserted.isEmpty else { return }
        // A home-care plan is services bought from providers, not a payment to the person: its
        // terms are kept for the visits, and the entitlement topic (v1, payments) does not carry it.
        if decision.program == .homeCare {
            try await CarePlans.apply(decision, in: database)
            return
        }
        guard let current = try await fold(database.select().column("*").from("entitlement_decisions")
                  .where("application_id", .equal, SQLBind(decision.applicationId))).first
        else { return }
        try await Outbox.append(
            EntitlementChanged(
                applicationId: current.applicationId, householdId: current.householdId, beneficiaryId: current.beneficiaryId,
                // v1 of the entitlement topic has no adjusted outcome: an adjusted benefit is
                // announced as approved, with its new amount and the adjustment's decision id.
                program: current.program, decisionId: current.decisionId,
                outcome: BenefitDecision.Outcome(rawValue: current.outcome.rawValue) ?? .approved, payable: current.payable,
                monthlyAmountFen: current.monthlyAmountFen, oneOffAmountFen: current.oneOffAmountFen,
                effectiveMonth: current.since, decidedBy: current.decidedBy, recordedAt: Date()),
            id: "entitlement/\(decision.decisionId)", in: database)
    }

    /// Every application's entitlement in `month` (`YYYY-MM`), optionally for one program;
    /// rejected applications are left out.
    public func entitlements(in month: String, program: BenefitProgram? = nil) async throws -> [Entitlement] {
        try await database.withConnection { database in
            try await entitlements(in: month, program: program, in: database)
        }
    }

    /// One page of ``entitlements(in:program:)``, in application order: the page's applications
    /// are picked and counted in SQL on the read connection, and only their decisions are folded.
    public func entitlements(in month: String, program: BenefitProgram?, page: PageRequest) async throws -> Page<Entitlement> {
        try await database.withReadConnection { database in
            func decided(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                var select = select.from("entitlement_decisions").where("effective_month", .lessThanOrEqual, SQLBind(month))
                    .where("outcome", .notEqual, SQLBind(BenefitDecision.Outcome.rejected.rawValue))
                if let program { select = select.where("program", .equal, SQLBind(program.rawValue)) }
                return select
            }
            let total = try await decided(database.select().column(SQLRaw("COUNT(DISTINCT application_id)"), as: "n"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let ids = try await decided(database.select().distinct().column("application_id"))
                .orderBy("application_id").limit(page.pageSize).offset(page.offset).all()
                .map { try $0.decode(column: "application_id", as: String.self) }
            guard !ids.isEmpty else { return Page([], of: page, total: total) }
            let folded = try await fold(database.select().column("*").from("entitlement_decisions")
                .where("effective_month", .lessThanOrEqual, SQLBind(month))
                .where("application_id", .in, SQLBind.group(ids)))
            return Page(folded.sorted { $0.applicationId < $1.applicationId }, of: page, total: total)
        }
    }

    /// - Parameter beneficiary: only this person's applications.
    func entitlements(
        in month: String, program: BenefitProgram?, beneficiary: String? = nil, in database: any SQLDatabase
    ) async throws -> [Entitlement] {
        var select = database.select().column("*").from("entitlement_decisions")
            .where("effective_month", .lessThanOrEqual, SQLBind(month))
        if let program { select = select.where("program", .equal, SQLBind(program.rawValue)) }
        if let beneficiary { select = select.where("beneficiary_id", .equal, SQLBind(beneficiary)) }
        return try await fold(select)
    }

    /// Each application's latest decision among the rows `select` picks, in effective-month and
    /// decision order; a decision without an amount keeps the one before. Rejections are skipped.
    private func fold(_ select: SQLSelectBuilder) async throws -> [Entitlement] {
        let rows = try await select.orderBy("effective_month").orderBy("decided_at").all()
        var latest: [String: Entitlement] = [:]
        var order: [String] = []
        latest.reserveCapacity(rows.count)
        order.reserveCapacity(rows.count)
        for row in rows {
            let applicationId = try row.decode(column: "application_id", as: String.self)
            let outcome = BenefitDecisionV2.Outcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .rejected
            if outcome == .rejected { continue }
            let previous = latest[applicationId]
            if previous == nil { order.append(applicationId) }
            latest[applicationId] = Entitlement(
                applicationId: applicationId, householdId: try row.decode(column: "household_id", as: String.self),
                beneficiaryId: try row.decode(column: "beneficiary_id", as: String.self),
                program: BenefitProgram(rawValue: try row.decode(column: "program", as: String.self)) ?? .dibao,
                monthlyAmountFen: try row.decode(column: "monthly_amount_fen", as: Int?.self) ?? previous?.monthlyAmountFen,
                oneOffAmountFen: try row.decode(column: "one_off_amount_fen", as: Int?.self) ?? previous?.oneOffAmountFen,
                outcome: outcome, since: try row.decode(column: "effective_month", as: String.self),
                payable: [.approved, .resumed, .adjusted].contains(outcome),
                decisionId: try row.decode(column: "decision_id", as: String.self),
                decidedBy: try row.decode(column: "decided_by", as: String.self),
                reason: try row.decode(column: "reason", as: String?.self))
        }
        return order.compactMap { latest[$0] }
    }
}
