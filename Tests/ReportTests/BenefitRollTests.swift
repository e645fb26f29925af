import CivilDomain
import Contracts
import Foundation
@testable import Report
import Testing

/// Who is on a benefit's roll, by benefit month, from decisions alone.
@Suite("The benefit roll from the decision topics")
struct BenefitRollTests {
    static func decision(
        _ id: String, application: String, _ outcome: BenefitDecisionV2.Outcome, from month: String, members: Int? = nil,
        amount: Int? = nil, reason: DecisionReason? = nil, program: BenefitProgram = .dibao
    ) -> BenefitDecisionV2 {
        BenefitDecisionV2(
            decisionId: id, applicationId: application, householdId: "H-\(application)", beneficiaryId: "p_" + String(repeating: "a", count: 32),
            program: program, outcome: outcome, monthlyAmountFen: amount, effectiveMonth: month, reasonCode: reason, members: members,
            decidedBy: "staff-0007", submittedBy: "staff-0042", decidedAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(id.count)))
    }

    @Test("joins, exits, suspensions and re-assessments by benefit month; a decision on v1 and v2 counted once; v1-only decisions read")
    func roll() throws {
        let period = try ReportPeriod(from: Month("2026-07")!, until: Month("2026-12")!)
        let v2 = [
            Self.decision("D1", application: "A1", .approved, from: "2026-05", members: 3, amount: 90_000),
            Self.decision("D2", application: "A1", .adjusted, from: "2026-09", members: 2, amount: 60_000),
            Self.decision("D3", application: "A2", .approved, from: "2026-08", members: 1, amount: 50_000),
            Self.decision("D4", application: "A3", .approved, from: "2026-01", members: 2, amount: 80_000),
            Self.decision("D5", application: "A3", .exited, from: "2026-10", reason: .movedOut),
            Self.decision("D6", application: "A4", .approved, from: "2026-02", members: 1, amount: 40_000),
            Self.decision("D7", application: "A4", .exited, from: "2027-01", reason: .deceased),
            Self.decision("D8", application: "A5", .approved, from: "2026-03", members: 1, amount: 40_000),
            Self.decision("D9", application: "A5", .suspended, from: "2026-11", reason: .review),
            Self.decision("D10", application: "A6", .rejected, from: "2026-08"),
        ]
        // D3 again on v1 (registration writes both), and a decision only v1 ever carried.
        let v1 = [v2[2].v1!, BenefitDecision(
            decisionId: "D0", applicationId: "A7", householdId: "H-A7", beneficiaryId: "p_" + String(repeating: "b", count: 32),
            program: .dibao, outcome: .approved, monthlyAmountFen: 30_000, oneOffAmountFen: nil, effectiveMonth: "2025-12",
            decidedBy: "staff-0007", submittedBy: "staff-0042", decidedAt: Date(timeIntervalSince1970: 1_760_000_000))]
        let roll = BenefitRoll(v2: v2, v1: v1)
        let onRoll = roll.onRoll(.dibao, in: period.until)
        #expect(Set(onRoll.map(\.decision.applicationId)) == ["A1", "A2", "A4", "A7"], "exited A3, suspended A5, rejected A6 are off; A4 leaves after")
        #expect(onRoll.first { $0.decision.applicationId == "A1" }.map { ($0.members, $0.decision.monthlyAmountFen) } ?? (0, nil) == (2, 60_000))
        #expect(onRoll.first { $0.decision.applicationId == "A7" }?.members == 1, "no means test on v1: one member counted")
        #expect(roll.decisions(.dibao, .approved, in: period).map(\.decisionId) == ["D3"])
        #expect(roll.decisions(.dibao, .exited, in: period).map(\.reasonCode) == [.movedOut])
        #expect(roll.onRoll(.dibao, in: Month("2026-06")!).count == 5, "A1, A3, A4, A5 and A7 in June")
    }
}
