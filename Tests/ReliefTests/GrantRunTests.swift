import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Relief
import ServiceKit
import Testing

/// Campaign grants to a listed group and subsidies to elderly-care facilities: paid by the same
/// runs, ledger and four-eyes approval as benefits, instructed on the grant topic.
@Suite("Campaign grants and facility subsidies", .serialized)
struct GrantRunTests {
    typealias F = ReliefFixture

    static func catalog() throws -> ProgramCatalog {
        try ProgramCatalog(json: Data("""
            {"version": "grants-1", "programs": [
              {"id": "dibao", "name": "低保", "kind": "monthly", "benefit": "dibao",
               "budgets": {"2027": 1000000000}, "rates": [{"from": "2026-01"}]},
              {"id": "spring-festival-grant-2027", "name": "春节慰问金", "kind": "campaign",
               "budgets": {"2027": 200000}, "rates": [{"from": "2027-01", "amountFen": 50000}]},
              {"id": "elderly-care-facility-construction", "name": "建设补贴", "kind": "facility", "subsidy": "construction",
               "budgets": {"2026": 100000000}, "rates": [{"from": "2026-01", "perBedFen": 1000000}]},
              {"id": "elderly-care-facility-operation", "name": "运营补贴", "kind": "facility", "subsidy": "operation",
               "budgets": {"2026": 100000000, "2027": 100000000}, "rates": [{"from": "2026-01", "perBedFen": 240000}]}
            ]}
            """.utf8))
    }

    static func recipients(_ people: [(Int, String)]) -> String {
        #"{"recipients":["# + people.map { #"{"beneficiaryId":"\#(F.person($0.0))","householdId":"\#($0.1)"}"# }.joined(separator: ",") + "]}"
    }

    /// Drafts, approves (by approver-1) and releases a run; returns the draft's JSON.
    static func pay(_ program: String, _ period: String, _ client: some TestClientProtocol) async throws -> [String: Any] {
        let (created, run) = try await client.post("/v1/payroll-runs", #"{"program":"\#(program)","period":"\#(period)"}"#, token: "finance")
        #expect(created == 201, "draft \(program) \(period): \(run)")
        let runId = try #require(run["runId"] as? String)
        let (approved, _) = try await client.post("/v1/payroll-runs/\(runId)/approval", "", token: "approver-1")
        let (released, body) = try await client.post("/v1/payroll-runs/\(runId)/release", "", token: "finance")
        #expect(approved == 200 && released == 200 && body["status"] as? String == "released")
        return run
    }

    @Test("a campaign pays each listed resident once, a later run only those listed since, within its budget; a failed grant is reissued under its key",
          arguments: TestDatabase.available)
    func campaign(on kind: TestDatabase) async throws {
        let fixture = try await F(on: kind, catalog: try Self.catalog())
        let campaign = "spring-festival-grant-2027"
        try await Application(router: fixture.router).test(.router) { client in
            let (listed, listing) = try await client.post(
                "/v1/programs/\(campaign)/recipients", Self.recipients([(1, "H-1"), (2, "H-1"), (3, "H-2"), (1, "H-1")]), token: "finance")
            #expect(listed == 200 && listing["listed"] as? Int == 3 && listing["alreadyListed"] as? Int == 1)
            let (bad, problem) = try await client.post(
                "/v1/programs/\(campaign)/recipients", #"{"recipients":[{"beneficiaryId":"\#(F.person(4))","householdId":"H-3"},{"beneficiaryId":"110101195001011234","householdId":"H-3"}]}"#,
                token: "finance")
            #expect(bad == 400 && (problem["errors"] as? [String: String])?["recipients[1].beneficiaryId"] != nil,
                    "an identity number is refused, and the request changes nothing")
            let (notCampaign, _) = try await client.post("/v1/programs/dibao/recipients", Self.recipients([(5, "H-5")]), token: "finance")
            #expect(notCampaign == 404)
            let (forbidden, _) = try await client.post("/v1/programs/\(campaign)/recipients", Self.recipients([(5, "H-5")]), token: "auditor")
            #expect(forbidden == 403)
            let (_, list) = try await client.list("/v1/programs/\(campaign)/recipients", token: "auditor")
            #expect(list.compactMap { $0["beneficiaryId"] as? String } == [1, 2, 3].map(F.person))
            #expect(list.allSatisfy { $0["listedBy"] as? String == "staff-0300" })

            let first = try await Self.pay(campaign, "2027-01", client)
            #expect(first["beneficiaryCount"] as? Int == 3 && first["totalFen"] as? Int == 150_000 && first["benefit"] == nil)

            // Two more listed, one of them already paid: the next run pays the new one only.
            _ = try await client.post("/v1/programs/\(campaign)/recipients", Self.recipients([(3, "H-2"), (4, "H-3")]), token: "finance")
            let second = try await Self.pay(campaign, "2027-01", client)
            #expect(second["beneficiaryCount"] as? Int == 1 && second["totalFen"] as? Int == 50_000)

            // The budget (200,000 fen) is spent: one more is refused with the figures.
            _ = try await client.post("/v1/programs/\(campaign)/recipients", Self.recipients([(5, "H-5")]), token: "finance")
            let (refused, figures) = try await client.post("/v1/payroll-runs", #"{"program":"\#(campaign)","period":"2027-02"}"#, token: "finance")
            #expect(refused == 409 && figures["remainingFen"] as? Int == 0 && figures["runTotalFen"] as? Int == 50_000)
        }

        let grants = try await fixture.outbox(GrantPaymentInstruction.self)
        #expect(grants.count == 4)
        #expect(Set(grants.map(\.idempotencyKey)) == Set([1, 2, 3, 4].map { PaymentKey.grant(payee: F.person($0), program: campaign) }))
        #expect(grants.allSatisfy { $0.payee == .person && $0.programId == campaign && $0.amountFen == 50_000 && $0.approvedBy == "staff-0007" })
        #expect(grants.first { $0.payeeId == F.person(3) }?.householdId == "H-2")
        #expect(try await fixture.outbox(PaymentInstruction.self).isEmpty, "grants are not on the benefit payment topic")
        #expect(try await fixture.outbox(PayrollRunStatus.self).isEmpty, "version 1 of the payroll topic cannot name a campaign")
        let runs = try await fixture.outbox(PayrollRunStatusV2.self)
        #expect(runs.map(\.status) == [.draft, .approved, .released, .draft, .approved, .released], "version 2 announces campaign runs")
        #expect(runs.allSatisfy { $0.programId == campaign && $0.benefit == nil && $0.payee == .person })
        #expect(runs.last.map { [$0.beneficiaryCount, $0.totalFen] } == [1, 50_000])

        let failed = try #require(grants.first { $0.payeeId == F.person(2) })
        try await fixture.deliver([PaymentResult(paymentId: failed.paymentId, idempotencyKey: failed.idempotencyKey, outcome: .failed,
                                                 failureReason: "account closed", settledAt: Date())])
        try await Application(router: fixture.router).test(.router) { client in
            #expect(try await client.post("/v1/payments/\(failed.paymentId)/reissue", #"{"reason":"账户已更正"}"#, token: "finance").0 == 202)
            let (reissued, payment) = try await client.post("/v1/payments/\(failed.paymentId)/reissue/approval", "", token: "finance2")
            #expect(reissued == 200 && payment["attempts"] as? Int == 2 && payment["grantPayee"] as? String == "person")
            let (status, payments) = try await client.list("/v1/payments?program=\(campaign)&period=2027-01", token: "auditor")
            #expect(status == 200 && payments.count == 4)
        }
        let reissue = try #require(try await fixture.outbox(GrantPaymentInstruction.self).last)
        #expect(reissue.idempotencyKey == failed.idempotencyKey && reissue.reissueOf == failed.paymentId && reissue.payee == .person)
        try await fixture.database.close()
    }

    @Test("facility subsidies: construction once per facility, operation once per facility and year, per bed; paid amounts count in the facility's area",
          arguments: TestDatabase.available)
    func facilities(on kind: TestDatabase) async throws {
        let fixture = try await F(on: kind, catalog: try Self.catalog())
        let construction = "elderly-care-facility-construction", operation = "elderly-care-facility-operation"
        try await Application(router: fixture.router).test(.router) { client in
            let (recorded, facility) = try await client.put(
                "/v1/facilities/ORG-330106-0007", #"{"name":"西湖颐养院","areaCode":"330106001001","beds":40}"#, token: "finance")
            #expect(recorded == 200 && facility["beds"] as? Int == 40 && facility["recordedBy"] as? String == "staff-0300")
            _ = try await client.put("/v1/facilities/ORG-330106-0009", #"{"name":"翠苑护理院","areaCode":"330106101201","beds":10}"#, token: "finance")
            let (bad, problem) = try await client.put("/v1/facilities/ORG-330106-0010", #"{"name":"x","areaCode":"3301","beds":0}"#, token: "finance")
            #expect(bad == 400 && (problem["errors"] as? [String: String]).map { Set($0.keys) } == ["areaCode", "beds"])
            let (_, all) = try await client.list("/v1/facilities", token: "auditor")
            #expect(all.count == 2, "a refused facility is not recorded")

            let built = try await Self.pay(construction, "2026-06", client)
            #expect(built["beneficiaryCount"] as? Int == 2 && built["totalFen"] as? Int == 50 * 1_000_000)
            // More beds later: construction was paid once per facility.
            _ = try await client.put("/v1/facilities/ORG-330106-0007", #"{"name":"西湖颐养院","areaCode":"330106001001","beds":60}"#, token: "finance")
            let (again, rerun) = try await client.post("/v1/payroll-runs", #"{"program":"\#(construction)","period":"2026-09"}"#, token: "finance")
            #expect(again == 201 && rerun["beneficiaryCount"] as? Int == 0)
            _ = try await client.post("/v1/payroll-runs/\(rerun["runId"] as? String ?? "")/cancellation", "", token: "finance")

            let ran = try await Self.pay(operation, "2026-12", client)
            #expect(ran["beneficiaryCount"] as? Int == 2 && ran["totalFen"] as? Int == 70 * 240_000)
            let (sameYear, sameYearRun) = try await client.post("/v1/payroll-runs", #"{"program":"\#(operation)","period":"2026-12"}"#, token: "finance")
            #expect(sameYear == 201 && sameYearRun["beneficiaryCount"] as? Int == 0, "operation is paid once a year")
            _ = try await client.post("/v1/payroll-runs/\(sameYearRun["runId"] as? String ?? "")/cancellation", "", token: "finance")
            let nextYear = try await Self.pay(operation, "2027-01", client)
            #expect(nextYear["beneficiaryCount"] as? Int == 2)
        }

        let grants = try await fixture.outbox(GrantPaymentInstruction.self)
        #expect(grants.count == 6)
        #expect(try await fixture.outbox(PayrollRunStatusV2.self).allSatisfy { $0.payee == .facility && $0.benefit == nil },
                "subsidy runs are announced as paying facilities")
        #expect(grants.allSatisfy { $0.payee == .facility && $0.householdId == nil })
        let yearly = grants.filter { $0.programId == operation }.map(\.idempotencyKey).sorted()
        #expect(yearly == ["ORG-330106-0007/\(operation)/2026", "ORG-330106-0007/\(operation)/2027",
                           "ORG-330106-0009/\(operation)/2026", "ORG-330106-0009/\(operation)/2027"])
        for grant in grants where grant.period == "2026-12" {
            try await fixture.deliver([PaymentResult(paymentId: grant.paymentId, idempotencyKey: grant.idempotencyKey, outcome: .paid, settledAt: Date())])
        }
        try await Application(router: fixture.router).test(.router) { client in
            let (status, totals) = try await client.get("/v1/reports/payments?from=2026-12&to=2026-12", token: "auditor")
            let rows = totals["rows"] as? [[String: Any]] ?? []
            #expect(status == 200 && rows.map { $0["areaCode"] as? String } == ["330106001001", "330106101201"])
            #expect(rows.map { $0["paidFen"] as? Int } == [60 * 240_000, 10 * 240_000])
            #expect(rows.allSatisfy { $0["program"] as? String == operation })
        }
        try await fixture.database.close()
    }

    @Test("a facility program without its subsidy, or a campaign with one, is refused when the catalog loads")
    func catalogNamesTheSubsidy() throws {
        #expect(throws: ProgramCatalogError.self) {
            try ProgramCatalog(json: Data(#"{"version":"x","programs":[{"id":"f","name":"f","kind":"facility","budgets":{},"rates":[{"from":"2026-01","perBedFen":1}]}]}"#.utf8))
        }
        #expect(throws: ProgramCatalogError.self) {
            try ProgramCatalog(json: Data(#"{"version":"x","programs":[{"id":"c","name":"c","kind":"campaign","subsidy":"operation","budgets":{},"rates":[{"from":"2026-01","amountFen":1}]}]}"#.utf8))
        }
    }
}
