import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Where a decision goes: the v2 decision topic always, and v1 as well for the outcomes v1's
/// readers understand (every one but `adjusted`), until they have moved to v2.
enum DecisionOutbox {
    static func publish(_ decision: BenefitDecisionV2, in database: any SQLDatabase) async throws {
        if let v1 = BenefitDecision.Outcome(rawValue: decision.outcome.rawValue) {
            try await Outbox.append(
                BenefitDecision(
                    decisionId: decision.decisionId, applicationId: decision.applicationId, householdId: decision.householdId,
                    beneficiaryId: decision.beneficiaryId, program: decision.program, outcome: v1,
                    monthlyAmountFen: decision.monthlyAmountFen, oneOffAmountFen: decision.oneOffAmountFen,
                    effectiveMonth: decision.effectiveMonth, reason: decision.reason, decidedBy: decision.decidedBy,
                    submittedBy: decision.submittedBy, decidedAt: decision.decidedAt),
                id: decision.decisionId, time: decision.decidedAt, in: database)
        }
        try await Outbox.append(decision, id: decision.decisionId + "/v2", time: decision.decidedAt, in: database)
    }
}
