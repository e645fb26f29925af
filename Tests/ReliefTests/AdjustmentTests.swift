import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Relief
import ServiceKit
import Testing

/// A re-assessed dibao (an `adjusted` decision on the v2 decision topic) is paid at its new
/// amount from its month; a decision that arrives on both versions is recorded once.
@Suite("Adjusted benefits")
struct AdjustmentTests {
    typealias F = ReliefFixture

    @Test("an adjustment changes the amount from its month; the same decision on v1 and v2 counts once", arguments: TestDatabase.available)
    func adjustment(on kind: TestDatabase) async throws {
        let fixture = try await F(on: kind)
        let approval = F.decision("D-1", .approved, month: "2026-12", person: 1, monthly: 42_000)
        var adjustment = BenefitDecisionV2(F.decision("D-2", .approved, month: "2027-02", person: 1, monthly: 66_000))
        (adjustment.outcome, adjustment.householdMonthlyIncomeFen, adjustment.members, adjustment.standardFen) = (.adjusted, 30_000, 2, 98_000)
        try await fixture.deliver([approval, BenefitDecisionV2(approval), adjustment])

        func payable(_ month: String) async throws -> [Int?] {
            try await fixture.desks.entitlements.entitlements(in: month).filter(\.payable).map(\.monthlyAmountFen)
        }
        #expect(try await payable("2027-01") == [42_000])
        #expect(try await payable("2027-02") == [66_000], "the new amount from the adjustment's month")
        #expect(try await fixture.desks.entitlements.entitlements(in: "2027-02").map(\.outcome) == [.adjusted])
        let changes = try await fixture.outbox(EntitlementChanged.self)
        #expect(changes.map(\.decisionId) == ["D-1", "D-2"], "the approval delivered twice is one change")
        #expect(changes.last?.outcome == .approved && changes.last?.monthlyAmountFen == 66_000,
                "the v1 entitlement topic announces the adjusted benefit as approved at its new amount")

        try await Application(router: fixture.router).test(.router) { client in
            let (created, run) = try await client.post("/v1/payroll-runs", #"{"program":"dibao","period":"2027-02"}"#, token: "finance")
            #expect(created == 201 && run["totalFen"] as? Int == 66_000 && run["beneficiaryCount"] as? Int == 1)
        }
        try await fixture.database.close()
    }
}
