import Contracts
import Foundation
import KafkaTestSupport
@testable import Relief
import ServiceKit
import SQLKit
import Testing

@Suite("Home-care providers and visits", .serialized)
struct HomeCareVisitTests {
    typealias F = HomeCareFixture

    @Test("every refusal rule of a visit, the service credit drawn down in fen, and a deregistered provider refused once the register says so",
          arguments: TestDatabase.available)
    func visitRules(_ kind: TestDatabase) async throws {
        let fixture = try await ReliefFixture(on: kind, catalog: try F.catalog())
        try await F.district(fixture)
        let visits = fixture.desks.visits
        let a = F.provider("ORG-A"), b = F.provider("ORG-B")

        // Contracts: only an active, registered organization; once.
        #expect(await F.refusal { try await fixture.desks.providers.contract(.init(
            providerId: "ORG-R", hourlyRatesFen: ["housekeeping": 3000], areas: ["330106"], contractFrom: "2026-01", contractUntil: "2026-12"),
            by: F.careOfficer) } == "provider-not-active")
        #expect(await F.refusal { try await fixture.desks.providers.contract(.init(
            providerId: "ORG-Z", hourlyRatesFen: ["housekeeping": 3000], areas: ["330106"], contractFrom: "2026-01", contractUntil: "2026-12"),
            by: F.careOfficer) } == "provider-not-active")
        #expect(await F.refusal { try await fixture.desks.providers.contract(.init(
            providerId: "ORG-A", hourlyRatesFen: ["housekeeping": 3000], areas: ["330106"], contractFrom: "2026-01", contractUntil: "2026-12"),
            by: F.careOfficer) } == "provider-exists")

        // Elder 1: 8 hours a month of housekeeping and daily care, from ORG-A.
        let first = try await visits.record(F.visit(1, from: 9, minutes: 120), providerId: "ORG-A", by: a)
        #expect(first.paidFrom == .hours && first.amountFen == 6000 && first.minutes == 120 && first.areaCode == "330106001001")
        #expect(await F.refusal { try await visits.record(F.visit(1, from: 10), providerId: "ORG-A", by: a) } == "overlapping-visit")
        #expect(await F.refusal { try await visits.record(F.visit(1, "bathing", from: 14), providerId: "ORG-A", by: a) } == "outside-plan")
        _ = try await visits.record(F.visit(1, "daily-care", day: "2026-11-03", from: 9, minutes: 240), providerId: "ORG-A", by: a)
        _ = try await visits.record(F.visit(1, day: "2026-11-04", from: 9, minutes: 120), providerId: "ORG-A", by: a)
        // 8 hours used: the ninth is beyond the month, and elder 1 has no credit.
        #expect(await F.refusal { try await visits.record(F.visit(1, day: "2026-11-05", from: 9, minutes: 30), providerId: "ORG-A", by: a) }
            == "beyond-monthly-hours")
        // December: ORG-B's contract is November only; ORG-A's hours start again.
        #expect(await F.refusal { try await visits.record(F.visit(1, day: "2026-12-01", from: 9), providerId: "ORG-B", by: b) } == "outside-contract")
        _ = try await visits.record(F.visit(1, day: "2026-12-01", from: 9), providerId: "ORG-A", by: a)

        // Elder 2: no hours, 5,000 fen of credit; ORG-A does not serve her street.
        #expect(await F.refusal { try await visits.record(F.visit(2, from: 9), providerId: "ORG-A", by: a) } == "area-not-served")
        let credited = try await visits.record(F.visit(2, from: 9), providerId: "ORG-B", by: b)
        #expect(credited.paidFrom == .credit && credited.amountFen == 3500)
        #expect(await F.refusal { try await visits.record(F.visit(2, from: 14), providerId: "ORG-B", by: b) } == "beyond-monthly-hours")
        // She turns 90: the 1,500 fen left are not hers to spend any more, whatever the plan says.
        try await fixture.deliver([F.person(2, area: "330106002001", aged85To89: false, at: 1_796_000_000)])
        #expect(await F.refusal { try await visits.record(F.visit(2, from: 14, minutes: 25), providerId: "ORG-B", by: b) } == "beyond-monthly-hours")
        // A corrected birth date puts her back among the 85–89.
        try await fixture.deliver([F.person(2, area: "330106002001", at: 1_796_000_001)])
        _ = try await visits.record(F.visit(2, from: 14, minutes: 25), providerId: "ORG-B", by: b)  // 1,458 fen of the 1,500 left

        // Elder 3's plan ended; an unknown elder has none; ORG-B has no daily-care rate; not a provider at all.
        #expect(await F.refusal { try await visits.record(F.visit(3, from: 9), providerId: "ORG-A", by: a) } == "not-eligible")
        #expect(await F.refusal { try await visits.record(F.visit(9, from: 9), providerId: "ORG-A", by: a) } == "not-eligible")
        #expect(await F.refusal { try await visits.record(F.visit(1, "daily-care", day: "2026-11-20", from: 9), providerId: "ORG-B", by: b) }
            == "not-contracted")
        #expect(await F.refusal { try await visits.record(F.visit(1, from: 9), providerId: "ORG-X", by: F.provider("ORG-X")) } == "not-a-provider")
        // Bad input: a name for a pseudonym, ten minutes, over midnight, in the future.
        var named = F.visit(1, day: "2026-11-21", from: 9)
        named.personId = "王秀英"
        #expect(await F.refusal { try await visits.record(named, providerId: "ORG-A", by: a) } == "invalid-body")
        #expect(await F.refusal { try await visits.record(F.visit(1, day: "2026-11-21", from: 9, minutes: 10), providerId: "ORG-A", by: a) } == "invalid-body")
        #expect(await F.refusal { try await visits.record(F.visit(1, day: "2026-11-21", from: 23, minutes: 120), providerId: "ORG-A", by: a) } == "invalid-body")
        let tomorrow = Date().addingTimeInterval(86_400)
        let future = CareVisits.Report(personId: ReliefFixture.person(1), serviceType: "housekeeping", startedAt: tomorrow,
                                       endedAt: tomorrow.addingTimeInterval(3600), staffMember: "W-01")
        #expect(await F.refusal { try await visits.record(future, providerId: "ORG-A", by: a) } == "invalid-body")

        // Bulk: each row on its own.
        let outcomes = try await visits.record(bulk: [
            F.visit(1, day: "2026-12-02", from: 9), F.visit(1, day: "2026-12-02", from: 9, minutes: 30), F.visit(1, "nursing", day: "2026-12-03", from: 9),
        ], providerId: "ORG-A", by: a)
        #expect(outcomes.map { $0.rule ?? "accepted" } == ["accepted", "overlapping-visit", "outside-plan"])
        // A malformed row refuses the whole upload, naming the row; nothing of it is recorded.
        #expect(await F.refusal { try await visits.record(bulk: [F.visit(1, day: "2026-12-04", from: 9), F.visit(1, day: "2026-12-04", from: 14, minutes: 5)],
                                                          providerId: "ORG-A", by: a) } == "invalid-body")
        #expect(await F.refusal { try await visits.record(F.visit(1, day: "2026-12-04", from: 9), providerId: "ORG-A", by: a) } == "accepted")

        // The register deregisters ORG-A: refused from the moment the record arrives.
        try await fixture.deliver([F.organization("ORG-A", .deregistered, at: 1_800_000_000)])
        #expect(await F.refusal { try await visits.record(F.visit(1, day: "2026-12-05", from: 9), providerId: "ORG-A", by: a) } == "provider-not-active")
        // An older record replayed does not revive it.
        try await fixture.deliver([F.organization("ORG-A", .active, at: 1_790_000_001)])
        #expect(await F.refusal { try await visits.record(F.visit(1, day: "2026-12-05", from: 9), providerId: "ORG-A", by: a) } == "provider-not-active")

        let published = try await fixture.outbox(CareVisitRecorded.self)
        #expect(published.count == 8 && published.allSatisfy { PersonPseudonymizer.isPseudonym($0.personId) })
        try await fixture.database.close()
    }
}
