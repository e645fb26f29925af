import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Where a decision goes: the application's decision history, the v2 decision topic always, and
/// v1 as well for the outcomes v1's readers understand (every one but `adjusted`), until they
/// have moved to v2. Called inside the transaction that changes the application. The topics
/// carry the reason's code, never the approver's words: those stay in the decisions table.
enum Decisions {
    static func record(_ decision: BenefitDecisionV2, in database: any SQLDatabase) async throws {
        try await database.insert(into: "decisions")
            .columns("id", "application_id", "outcome", "monthly_amount_fen", "effective_month", "reason", "reason_code",
                     "decided_by", "decided_at")
            .values(SQLBind(decision.decisionId), SQLBind(decision.applicationId), SQLBind(decision.outcome.rawValue),
                    SQLBind(decision.monthlyAmountFen), SQLBind(decision.effectiveMonth), SQLBind(decision.reason),
                    SQLBind(decision.reasonCode?.rawValue), SQLBind(decision.decidedBy), SQLBind(decision.decidedAt))
            .run()
        try await publish(decision, in: database)
    }

    private static func publish(_ decision: BenefitDecisionV2, in database: any SQLDatabase) async throws {
        var decision = decision
        decision.reason = nil
        if let v1 = decision.v1 {
            try await Outbox.append(v1, id: decision.decisionId, time: decision.decidedAt, in: database)
        }
        try await Outbox.append(decision, id: decision.decisionId + "/v2", time: decision.decidedAt, in: database)
    }

    /// The decision's reason as a code, beside the approver's words.
    static let reasonCodeColumn = DatabaseMigration("registration-decisions-reason-code") { database in
        try await database.alter(table: "decisions").column("reason_code", type: .text).run()
    }
}
