import Contracts
import Foundation
import KafkaTestSupport
@testable import Relief
import ServiceKit
import SQLKit
import Testing

/// The half-year report's home care at the bureau's scale: 1,180 elders with plans of 4 to 16
/// hours, a month of visits from two providers, call-backs, and the month's settlement.
@Suite("Home-care month at the bureau's scale", .serialized)
struct HomeCareScenarioTests {
    typealias F = HomeCareFixture
    static let elders = 1180

    @Test("1,180 elders, a month of visits from two providers, call-backs and settlement: the report's totals equal the visits recorded, and the payments equal the undisputed visits",
          .timeLimit(.minutes(5)))
    func month() async throws {
        let fixture = try await ReliefFixture(catalog: try F.catalog())
        // Odd elders live in street 330106001 (ORG-A), even ones in 330106101 (ORG-B); hours cycle 4, 8, 12, 16; every fourth is 85–89 with credit.
        var events: [any CivilEvent] = [F.organization("ORG-A", .active), F.organization("ORG-B", .active)]
        for elder in 1...Self.elders {
            events.append(F.household("H-\(elder)", area: elder % 2 == 1 ? "330106001001" : "330106101201"))
            if elder % 4 == 0 { events.append(F.person(elder, area: elder % 2 == 1 ? "330106001001" : "330106101201")) }
            events.append(F.plan(elder, hours: 4 * (1 + elder % 4), creditFen: elder % 4 == 0 ? 5000 : 0,
                                 types: ["housekeeping", "daily-care", "psychological-comfort"]))
        }
        try await fixture.deliver(events)
        for (provider, area) in [("ORG-A", "330106001"), ("ORG-B", "330106101")] {
            _ = try await fixture.desks.providers.contract(.init(
                providerId: provider, hourlyRatesFen: ["housekeeping": 3000, "daily-care": 4000, "psychological-comfort": 3500], areas: [area],
                contractFrom: "2026-01", contractUntil: "2026-12"), by: F.careOfficer)
        }

        // Each elder's hours in visits of two hours on successive days.
        var accepted: [CareVisitRecorded] = []
        var refused = 0
        for provider in ["ORG-A", "ORG-B"] {
            var reports: [CareVisits.Report] = []
            for elder in stride(from: provider == "ORG-A" ? 1 : 2, through: Self.elders, by: 2) {
                let visits = 4 * (1 + elder % 4) / 2
                for day in 1...visits {
                    let type = ["housekeeping", "daily-care", "psychological-comfort"][day % 3]
                    reports.append(F.visit(elder, type, day: String(format: "2026-11-%02d", day), from: 9, minutes: 120))
                }
                // An hour more: the 85–89 credit pays it (3,000 of 5,000 fen); without credit it is refused.
                reports.append(F.visit(elder, "housekeeping", day: String(format: "2026-11-%02d", visits + 1), from: 9, minutes: 60))
            }
            for start in stride(from: 0, to: reports.count, by: 500) {
                let outcomes = try await fixture.desks.visits.record(
                    bulk: Array(reports[start..<min(start + 500, reports.count)]), providerId: provider, by: F.provider(provider))
                accepted += outcomes.compactMap(\.visit)
                refused += outcomes.count { $0.rule == "beyond-monthly-hours" }
            }
        }
        // 10 hours on average; the credit pays one extra visit for the quarter who have it.
        var expected = 0
        for elder in 1...Self.elders {
            expected += 2 * (1 + elder % 4)
            if elder % 4 == 0 { expected += 1 }
        }
        #expect(accepted.count == expected)
        #expect(refused == Self.elders - Self.elders / 4)

        let callBacks = CallBacks(database: fixture.database, sharePercent: 10)
        let drawn = try await callBacks.draw(month: "2026-11")
        for (index, call) in drawn.enumerated() {
            _ = try await callBacks.record(index < 3 ? .init(reached: true, satisfaction: 1, disputed: true)
                : index % 10 == 0 ? .init(reached: false) : .init(reached: true, satisfaction: index % 7 == 0 ? 3 : 5),
                visitId: call.visitId, by: F.careOfficer)
        }
        let disputed = Set(drawn.prefix(3).map(\.visitId))

        // One run per provider and month, both open at once; then a run of every provider finds nothing left.
        let payroll = fixture.desks.payroll
        let runs = [try await payroll.draft(program: "home-care-settlement", period: "2026-11", payee: "ORG-A", by: F.finance),
                    try await payroll.draft(program: "home-care-settlement", period: "2026-11", payee: "ORG-B", by: F.finance)]
        #expect(await F.refusal { try await payroll.draft(program: "home-care-settlement", period: "2026-11", payee: "ORG-A", by: F.finance) }
            == "run-open")
        for run in runs {
            _ = try await payroll.approve(run.runId, by: F.approver)
            _ = try await payroll.release(run.runId, by: F.finance)
        }
        #expect(runs.map(\.payee) == ["ORG-A", "ORG-B"] && runs.map(\.beneficiaryCount) == [1, 1])
        let rest = try await payroll.draft(program: "home-care-settlement", period: "2026-11", by: F.finance)
        #expect(rest.beneficiaryCount == 0 && rest.heldCount == 3)

        let report = try await HomeCareReport.make(from: "2026-11", until: "2026-11", entitlements: fixture.desks.entitlements,
                                                   callBacks: fixture.desks.callBacks, database: fixture.database)
        let total = accepted.reduce(0) { $0 + $1.amountFen }
        #expect(report.totals.visits == accepted.count)
        #expect(report.totals.minutesByServiceType.values.reduce(0, +) == accepted.reduce(0) { $0 + $1.minutes })
        #expect(report.totals.hoursFen + report.totals.creditFen == total)
        #expect(report.totals.creditFen == accepted.filter { $0.paidFrom == .credit }.reduce(0) { $0 + $1.amountFen })
        #expect(report.totals.eldersServed == Self.elders && report.totals.eldersWithPlans == Self.elders
            && report.totals.eldersWithCredit == Self.elders / 4 && report.totals.eldersAged85To89 == Self.elders / 4)
        #expect(report.rows.map(\.areaCode) == ["330106001001", "330106101201"])
        #expect(report.satisfaction.map(\.drawn).reduce(0, +) == drawn.count && report.satisfaction.allSatisfy { ($0.ratePerMille ?? 0) > 0 })
        let disputedFen = accepted.filter { disputed.contains($0.visitId) }.map(\.amountFen).reduce(0, +)
        #expect(runs.map(\.totalFen).reduce(0, +) == total - disputedFen)
        #expect(runs.map(\.heldCount).reduce(0, +) == 3)
        try await fixture.database.close()
    }
}
