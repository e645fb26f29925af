import Contracts
import Foundation
import KafkaTestSupport
@testable import Relief
import ServiceKit
import SQLKit
import Testing

@Suite("Home-care settlement", .serialized)
struct HomeCareSettlementTests {
    typealias F = HomeCareFixture

    static func payments(_ database: ServiceDatabase) async throws -> [String: Int] {
        try await database.withConnection { database in
            Dictionary(uniqueKeysWithValues: try await database.select().columns("idempotency_key", "amount_fen").from("payments").all().map {
                (try $0.decode(column: "idempotency_key", as: String.self), try $0.decode(column: "amount_fen", as: Int.self))
            })
        }
    }

    /// Makes the database refuse ORG-B's payment, as a crash between two release batches would leave it.
    static func refusePayments(to provider: String, _ database: ServiceDatabase, kind: TestDatabase) async throws {
        try await database.withConnection { database in
            switch kind {
            case .sqlite:
                try await database.raw(SQLQueryString("CREATE TRIGGER crash BEFORE INSERT ON payments WHEN NEW.beneficiary_id = '\(provider)' BEGIN SELECT RAISE(ABORT, 'crash'); END")).run()
            default:
                try await database.raw(SQLQueryString("""
                    CREATE OR REPLACE FUNCTION crash() RETURNS trigger AS $$
                    BEGIN IF NEW.beneficiary_id = '\(provider)' THEN RAISE EXCEPTION 'crash'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql
                    """)).run()
                try await database.raw("CREATE TRIGGER crash BEFORE INSERT ON payments FOR EACH ROW EXECUTE FUNCTION crash()").run()
            }
        }
    }

    static func allowPayments(_ database: ServiceDatabase, kind: TestDatabase) async throws {
        try await database.withConnection { database in
            try await database.raw(SQLQueryString(kind == .sqlite ? "DROP TRIGGER crash" : "DROP TRIGGER crash ON payments")).run()
        }
    }

    @Test("one payment per provider and month, a disputed visit held and paid once resolved, a late visit refused, nothing paid twice even after a crash mid-release",
          arguments: TestDatabase.available)
    func settlement(_ kind: TestDatabase) async throws {
        let fixture = try await ReliefFixture(on: kind, catalog: try F.catalog())
        try await F.district(fixture)
        let visits = fixture.desks.visits
        let a = F.provider("ORG-A"), b = F.provider("ORG-B")
        var recorded: [CareVisitRecorded] = []
        for day in 2...5 { recorded.append(try await visits.record(F.visit(1, day: "2026-11-0\(day)", from: 9, minutes: 90), providerId: "ORG-A", by: a)) }
        recorded.append(try await visits.record(F.visit(2, from: 9), providerId: "ORG-B", by: b))
        #expect(recorded.map(\.amountFen) == [4500, 4500, 4500, 4500, 3500])

        // The call-back of one of ORG-A's visits disputes it.
        let callBacks = CallBacks(database: fixture.database, sharePercent: 25)
        let drawn = try await callBacks.draw(month: "2026-11")
        #expect(drawn.filter { $0.providerId == "ORG-A" }.count == 1 && drawn.filter { $0.providerId == "ORG-B" }.count == 1)
        #expect(try await callBacks.draw(month: "2026-11") == drawn, "the draw is the same however often it runs")
        let disputedId = try #require(drawn.first { $0.providerId == "ORG-A" }?.visitId)
        #expect(await F.refusal { try await callBacks.record(.init(reached: true, satisfaction: 9), visitId: disputedId, by: F.careOfficer) } == "invalid-body")
        _ = try await callBacks.record(.init(reached: true, satisfaction: 2, complaint: "护理员迟到一小时，未打扫厨房", disputed: true), visitId: disputedId,
                                       by: F.careOfficer)
        _ = try await callBacks.record(.init(reached: true, satisfaction: 5), visitId: drawn.first { $0.providerId == "ORG-B" }!.visitId,
                                       by: F.careOfficer)
        let rates = try await callBacks.satisfaction(month: "2026-11")
        #expect(rates.map(\.ratePerMille) == [0, 1000] && rates.map(\.disputed) == [1, 0])

        // The month's run: one line per provider, the disputed visit held with its reason; released in batches of one.
        let payroll = ReliefRoutes.Desks(database: fixture.database, catalog: try F.catalog(), releaseBatchSize: 1).payroll
        let run = try await payroll.draft(program: "home-care-settlement", period: "2026-11", by: F.finance)
        #expect(run.beneficiaryCount == 2 && run.totalFen == 3 * 4500 + 3500 && run.heldCount == 1)
        let held = try await payroll.lines(run.runId).filter { $0.state == .held }
        #expect(held.first?.note?.contains("disputed") == true)
        await #expect(throws: FourEyesViolation.self) { _ = try await payroll.approve(run.runId, by: F.finance) }
        _ = try await payroll.approve(run.runId, by: F.approver)

        // A crash after ORG-A's batch: the release stops; released again, ORG-B is paid and ORG-A not twice.
        try await Self.refusePayments(to: "ORG-B", fixture.database, kind: kind)
        await #expect(throws: (any Error).self) { _ = try await payroll.release(run.runId, by: F.finance) }
        #expect(try await Self.payments(fixture.database).count == 1)
        try await Self.allowPayments(fixture.database, kind: kind)
        let released = try await payroll.release(run.runId, by: F.finance)
        #expect(released.status == .released)
        #expect(try await Self.payments(fixture.database) == [
            "ORG-A/home-care-settlement/2026-11": 13_500, "ORG-B/home-care-settlement/2026-11": 3500,
        ])
        let settlements = try await fixture.outbox(CareSettlement.self)
        #expect(settlements.map(\.providerId) == ["ORG-A", "ORG-B"] && settlements.map(\.visits) == [3, 1] && settlements[0].heldVisits == 1)
        #expect(settlements[1].creditFen == 3500 && settlements[0].hoursFen == 13_500)
        #expect(try await fixture.outbox(GrantPaymentInstruction.self).count == 2)

        // The month is closed to new visits; a second run pays nothing while the dispute stands.
        #expect(await F.refusal { try await visits.record(F.visit(1, day: "2026-11-20", from: 9), providerId: "ORG-A", by: a) } == "month-settled")
        let second = try await payroll.draft(program: "home-care-settlement", period: "2026-11", by: F.finance)
        #expect(second.beneficiaryCount == 0 && second.heldCount == 1)
        _ = try await payroll.cancel(second.runId, by: F.finance)

        // The dispute resolved: its visit alone is paid, once.
        _ = try await callBacks.record(.init(reached: true, satisfaction: 4), visitId: disputedId, by: F.careOfficer)
        let third = try await payroll.draft(program: "home-care-settlement", period: "2026-11", by: F.finance)
        #expect(third.beneficiaryCount == 1 && third.totalFen == 4500)
        _ = try await payroll.approve(third.runId, by: F.approver)
        _ = try await payroll.release(third.runId, by: F.finance)
        let paid = try await Self.payments(fixture.database)
        #expect(paid.values.reduce(0, +) == recorded.reduce(0) { $0 + $1.amountFen })
        #expect(paid["ORG-A/home-care-settlement/2026-11#\(disputedId)"] == 4500)
        let fourth = try await payroll.draft(program: "home-care-settlement", period: "2026-11", by: F.finance)
        #expect(fourth.beneficiaryCount == 0 && fourth.heldCount == 0)
        try await fixture.database.close()
    }
}
