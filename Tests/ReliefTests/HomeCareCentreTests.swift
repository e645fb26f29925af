import Contracts
import Foundation
import KafkaTestSupport
@testable import Relief
import ServiceKit
import SQLKit
import Testing

@Suite("Home-care centres", .serialized)
struct HomeCareCentreTests {
    typealias F = HomeCareFixture

    static func catalog() throws -> ProgramCatalog {
        try ProgramCatalog(json: Data("""
            {"version": "test-centres-1", "programs": [
              {"id": "centre-construction", "name": "建设", "kind": "centre", "subsidy": "construction", "budgets": {"2026": 100000000, "2027": 100000000},
               "rates": [{"from": "2026-01", "perRatingFen": {"1": 16000000, "3": 27000000, "5": 45000000}}]},
              {"id": "centre-canteen", "name": "食堂", "kind": "centre", "subsidy": "canteen", "budgets": {"2026": 100000000},
               "rates": [{"from": "2026-01", "amountFen": 5000000}]},
              {"id": "centre-operation", "name": "运营", "kind": "centre", "subsidy": "operation", "budgets": {"2026": 100000000, "2027": 100000000},
               "rates": [{"from": "2026-01", "perRatingFen": {"1": 2000000, "3": 6000000, "5": 12000000}}]}
            ]}
            """.utf8))
    }

    static func pay(_ payroll: PayrollDesk, _ program: String, _ period: String) async throws -> PayrollRun {
        let run = try await payroll.draft(program: program, period: period, by: F.finance)
        _ = try await payroll.approve(run.runId, by: F.approver)
        return try await payroll.release(run.runId, by: F.finance)
    }

    @Test("centres are paid by star rating: construction and a canteen once, operation once a year; a centre not active in the register is refused",
          arguments: TestDatabase.available)
    func centreSubsidies(_ kind: TestDatabase) async throws {
        let fixture = try await ReliefFixture(on: kind, catalog: try Self.catalog())
        try await fixture.deliver([F.organization("ORG-C1", .active), F.organization("ORG-C5", .active), F.organization("ORG-CR", .reserved)])
        let centres = fixture.desks.centres
        _ = try await centres.record(centreId: "ORG-C1", areaCode: "330106001001", starRating: 1, canteen: false, openedOn: "2026-03-01", by: F.careOfficer)
        _ = try await centres.record(centreId: "ORG-C5", areaCode: "330106101201", starRating: 5, canteen: true, openedOn: "2026-06-15", by: F.careOfficer)
        #expect(await F.refusal { try await centres.record(centreId: "ORG-CR", areaCode: "330106001001", starRating: 3, canteen: false,
                                                           openedOn: "2026-01-01", by: F.careOfficer) } == "provider-not-active")
        #expect(await F.refusal { try await centres.record(centreId: "ORG-C1", areaCode: "330106001001", starRating: 6, canteen: false,
                                                           openedOn: "2026-01-01", by: F.careOfficer) } == "invalid-body")
        // Each centre recorded is on the analytics topic with its rating; refused ones are not.
        let snapshots = try await fixture.database.withConnection { database in
            try await database.select().column("data").from("outbox_events").where("topic", .equal, TopicCatalog.careCentre.name)
                .orderBy("seq").all()
                .map { try CivilEventCoding.decoder.decode(CareCentreSnapshot.self, from: try $0.decode(column: "data", as: Data.self)) }
        }
        #expect(snapshots.map(\.centreId) == ["ORG-C1", "ORG-C5"] && snapshots.map(\.starRating) == [1, 5])
        _ = try await centres.record(meals: .init(centreId: "ORG-C5", month: "2026-11", free: 420, lowCost: 1310, paid: 260), by: F.careOfficer)
        #expect(await F.refusal { try await centres.record(meals: .init(centreId: "ORG-C1", month: "2026-11", free: 1, lowCost: 0, paid: 0),
                                                           by: F.careOfficer) } == "not-found")

        let payroll = fixture.desks.payroll
        let construction = try await Self.pay(payroll, "centre-construction", "2026-11")
        #expect(construction.totalFen == 16_000_000 + 45_000_000 && construction.beneficiaryCount == 2)
        #expect(try await payroll.draft(program: "centre-construction", period: "2026-12", by: F.finance).beneficiaryCount == 0)
        let canteen = try await Self.pay(payroll, "centre-canteen", "2026-11")
        #expect(canteen.totalFen == 5_000_000 && canteen.beneficiaryCount == 1)
        let operation = try await Self.pay(payroll, "centre-operation", "2026-11")
        #expect(operation.totalFen == 2_000_000 + 12_000_000)
        #expect(try await payroll.draft(program: "centre-operation", period: "2026-12", by: F.finance).beneficiaryCount == 0)
        let nextYear = try await payroll.draft(program: "centre-operation", period: "2027-01", by: F.finance)
        #expect(nextYear.beneficiaryCount == 2)
        let grants = try await fixture.outbox(GrantPaymentInstruction.self)
        #expect(grants.count == 5 && grants.allSatisfy { $0.payee == .facility })
        try await fixture.database.close()
    }
}
