import CivilDomain
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Relief
import ServiceKit
import Testing

@Suite("Payroll runs, payments and reconciliation", .serialized)
struct PayrollRunTests {
    typealias F = ReliefFixture

    @Test("draft, four-eyes approval, release, results, reissue, reconcile; a second run and a retried release pay nobody twice",
          arguments: TestDatabase.available)
    func lifecycle(on kind: TestDatabase) async throws {
        let fixture = try await F(on: kind)
        try await fixture.deliver([
            F.decision("D-1", .approved, month: "2026-12", person: 1, monthly: 42_000, household: "H-1"),
            F.decision("D-2", .approved, month: "2026-12", person: 2, monthly: 18_050, household: "H-2"),
            F.decision("D-3", .approved, month: "2026-11", person: 3, monthly: 7_500, household: "H-3"),
            // Decided mid-December, effective January: December is still paid.
            F.decision("D-4", .suspended, month: "2027-01", person: 3, monthly: nil, household: "H-3"),
            HouseholdSnapshot.example.with(id: "H-1", area: "330106001001"),
            HouseholdSnapshot.example.with(id: "H-2", area: "330106101201"),
            HouseholdSnapshot.example.with(id: "H-3", area: "330106101201"),
        ])
        // The same decision delivered twice more changes nothing.
        try await fixture.deliver([F.decision("D-1", .approved, month: "2026-12", person: 1, monthly: 42_000)])

        try await Application(router: fixture.router).test(.router) { client in
            let (created, run) = try await client.post("/v1/payroll-runs", #"{"program":"dibao","period":"2026-12"}"#, token: "finance")
            #expect(created == 201)
            #expect(run["runId"] as? String == "RUN-dibao-2026-12-1")
            #expect(run["beneficiaryCount"] as? Int == 3 && run["totalFen"] as? Int == 67_550)
            #expect(run["catalogVersion"] as? String == "test-1")

            let (selfApproval, _) = try await client.post("/v1/payroll-runs/RUN-dibao-2026-12-1/approval", "", token: "finance")
            #expect(selfApproval == 403, "a finance officer cannot approve")
            let (early, _) = try await client.post("/v1/payroll-runs/RUN-dibao-2026-12-1/release", "", token: "finance")
            #expect(early == 409, "a draft cannot be released")
            let (again, open) = try await client.post("/v1/payroll-runs", #"{"program":"dibao","period":"2026-12"}"#, token: "finance")
            #expect(again == 409 && open["runId"] as? String == "RUN-dibao-2026-12-1", "one open run per program and month")

            let (approved, approval) = try await client.post("/v1/payroll-runs/RUN-dibao-2026-12-1/approval", "", token: "approver-1")
            #expect(approved == 200 && approval["status"] as? String == "approved")
            for _ in 0..<2 {
                let (released, body) = try await client.post("/v1/payroll-runs/RUN-dibao-2026-12-1/release", "", token: "finance")
                #expect(released == 200 && body["status"] as? String == "released", "a retried release is harmless")
            }
            // A second run for the month finds nothing left to pay.
            let (second, secondRun) = try await client.post("/v1/payroll-runs", #"{"program":"dibao","period":"2026-12"}"#, token: "finance")
            #expect(second == 201 && secondRun["beneficiaryCount"] as? Int == 0)
            // January: the suspension has taken effect.
            let (january, januaryRun) = try await client.post("/v1/payroll-runs", #"{"program":"dibao","period":"2027-01"}"#, token: "finance")
            #expect(january == 201 && januaryRun["beneficiaryCount"] as? Int == 2)
            #expect(januaryRun["stoppedCount"] as? Int == 1 && januaryRun["heldCount"] as? Int == 0, "the suspension is reported, not held")
            let (_, januaryLines) = try await client.list("/v1/payroll-runs/RUN-dibao-2027-01-1/lines", token: "finance")
            #expect(januaryLines.first { $0["state"] as? String == "stopped" }?["note"] as? String == "suspended from 2027-01")
        }

        let changes = try await fixture.outbox(EntitlementChanged.self)
        #expect(changes.map(\.decisionId) == ["D-1", "D-2", "D-3", "D-4"], "one change per decision, none for the replay")
        #expect(changes.last.map { [$0.outcome.rawValue, $0.effectiveMonth, "\($0.payable)", "\($0.monthlyAmountFen ?? 0)"] }
                == ["suspended", "2027-01", "false", "7500"])
        let instructions = try await fixture.outbox(PaymentInstruction.self)
        #expect(instructions.count == 3)
        #expect(Set(instructions.map(\.idempotencyKey)).count == 3)
        #expect(instructions.allSatisfy { $0.approvedBy == "staff-0007" && $0.runId == "RUN-dibao-2026-12-1" })
        #expect(try await fixture.outbox(PayrollRunStatus.self).map(\.status) == [.draft, .approved, .released, .draft, .draft])
        let v2 = try await fixture.outbox(PayrollRunStatusV2.self)
        #expect(v2.map(\.status) == [.draft, .approved, .released, .draft, .draft], "version 2 announces benefit runs too")
        #expect(v2.allSatisfy { $0.programId == "dibao" && $0.benefit == .dibao && $0.payee == .person })

        let byPerson = Dictionary(uniqueKeysWithValues: instructions.map { ($0.beneficiaryId, $0) })
        let first = try #require(byPerson[F.person(1)]), second = try #require(byPerson[F.person(2)]), third = try #require(byPerson[F.person(3)])
        let settled = Date(timeIntervalSince1970: 1_796_000_000)
        try await fixture.deliver([
            PaymentResult(paymentId: first.paymentId, idempotencyKey: first.idempotencyKey, outcome: .paid, settledAt: settled),
            PaymentResult(paymentId: second.paymentId, idempotencyKey: second.idempotencyKey, outcome: .paid, settledAt: settled),
            PaymentResult(paymentId: third.paymentId, idempotencyKey: third.idempotencyKey, outcome: .failed,
                          failureReason: "account closed", settledAt: settled),
        ])
        // A repeated result is harmless; an unknown or contradicting one is refused for the dead-letter topic.
        try await fixture.deliver([PaymentResult(paymentId: first.paymentId, idempotencyKey: first.idempotencyKey, outcome: .paid, settledAt: settled)])
        await #expect(throws: PermanentEventError.self) {
            try await fixture.deliver([PaymentResult(paymentId: "PAY-unknown-1", idempotencyKey: "x/dibao/2026-12", outcome: .paid, settledAt: settled)])
        }
        await #expect(throws: PermanentEventError.self) {
            try await fixture.deliver([PaymentResult(paymentId: first.paymentId, idempotencyKey: first.idempotencyKey, outcome: .failed,
                                                     failureReason: "late", settledAt: settled)])
        }

        let desk = fixture.desks.payroll
        var report = try await desk.reconciliation("RUN-dibao-2026-12-1")
        #expect(report.instructed == .init(count: 3, fen: 67_550) && report.confirmed == .init(count: 2, fen: 60_050))
        #expect(report.failed == .init(count: 1, fen: 7_500) && report.outstanding == .init(count: 0, fen: 0))

        try await Application(router: fixture.router).test(.router) { client in
            let (asked, request) = try await client.post(
                "/v1/payments/\(third.paymentId)/reissue", #"{"reason":"收款账户已更正"}"#, token: "finance")
            #expect(asked == 202 && request["requestedBy"] as? String == "staff-0300")
            let (alone, fourEyes) = try await client.post("/v1/payments/\(third.paymentId)/reissue/approval", "", token: "finance")
            #expect(alone == 403 && fourEyes["type"] as? String == "urn:civil-affairs:problem:four-eyes")
            let (reissued, payment) = try await client.post("/v1/payments/\(third.paymentId)/reissue/approval", "", token: "finance2")
            #expect(reissued == 200 && payment["attempts"] as? Int == 2 && payment["status"] as? String == "instructed")
            #expect(payment["instructedBy"] as? String == "staff-0302")
            let (twice, _) = try await client.post("/v1/payments/\(third.paymentId)/reissue", #"{"reason":"再试"}"#, token: "finance")
            #expect(twice == 404, "only the latest attempt can be reissued")
            let (early, problem) = try await client.post("/v1/payroll-runs/RUN-dibao-2026-12-1/reconciliation", "", token: "finance")
            #expect(early == 409 && problem["outstandingCount"] as? Int == 1)
        }
        await #expect(throws: PermanentEventError.self, "the reissued instruction reported paid after all: a possible double payment") {
            try await fixture.deliver([PaymentResult(paymentId: third.paymentId, idempotencyKey: third.idempotencyKey, outcome: .paid, settledAt: settled)])
        }
        let reissue = try #require(try await fixture.outbox(PaymentInstruction.self).last)
        #expect(reissue.idempotencyKey == third.idempotencyKey && reissue.reissueOf == third.paymentId && reissue.paymentId != third.paymentId)
        try await fixture.deliver([PaymentResult(paymentId: reissue.paymentId, idempotencyKey: reissue.idempotencyKey, outcome: .paid, settledAt: settled)])
        report = try await desk.reconciliation("RUN-dibao-2026-12-1")
        #expect(report.confirmed == .init(count: 3, fen: 67_550) && report.failed.count == 0 && report.outstanding.count == 0)

        try await Application(router: fixture.router).test(.router) { client in
            let (closed, run) = try await client.post("/v1/payroll-runs/RUN-dibao-2026-12-1/reconciliation", "", token: "finance")
            #expect(closed == 200 && run["status"] as? String == "reconciled" && run["reconciledBy"] as? String == "staff-0300")

            let (listed, payments) = try await client.list("/v1/payments?beneficiary=\(F.person(3))", token: "auditor")
            #expect(listed == 200 && payments.count == 1 && payments.first?["attempts"] as? Int == 2)
            let (totalsStatus, totals) = try await client.get("/v1/reports/payments?from=2026-07&to=2026-12", token: "auditor")
            #expect(totalsStatus == 200 && totals["totalPaidFen"] as? Int == 67_550 && totals["totalPersonTimes"] as? Int == 3)
            let rows = totals["rows"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["areaCode"] as? String } == ["330106001001", "330106101201"])
            #expect(rows.map { $0["paidFen"] as? Int } == [42_000, 25_550])

            let csv = try await client.execute(uri: "/v1/payroll-runs/RUN-dibao-2026-12-1/payments.csv", method: .get,
                                               headers: [.authorization: "Bearer finance"]) { String(buffer: $0.body) }
            let lines = csv.split(separator: "\n").map(String.init)
            #expect(lines.count == 4)
            #expect(lines.first?.hasPrefix("\u{FEFF}payment_id,idempotency_key") == true)
            #expect(lines.contains { $0.contains(",42000,420.00,paid,") } && lines.contains { $0.contains(",7500,75.00,paid,") })
        }
        try await fixture.database.close()
    }

    @Test("two releases of one run at once, in small batches that interleave, instruct each line once", arguments: TestDatabase.available)
    func concurrentReleases(on kind: TestDatabase) async throws {
        let fixture = try await F(on: kind)
        try await fixture.deliver((1...60).map { F.decision("D-\($0)", .approved, month: "2026-12", person: $0, monthly: 10_000 + $0) })
        let desk = ReliefRoutes.Desks(database: fixture.database, catalog: try F.catalog(), releaseBatchSize: 7).payroll
        let approver = StaffIdentity(staffID: "staff-0007", department: "relief", roles: [.approver])
        let finance = StaffIdentity(staffID: "staff-0300", department: "relief", roles: ["finance-officer"])
        let run = try await desk.draft(program: "dibao", period: "2026-12", by: finance)
        _ = try await desk.approve(run.runId, by: approver)

        async let first = desk.release(run.runId, by: finance)
        async let second = desk.release(run.runId, by: finance)
        let statuses = try await [first.status.rawValue, second.status.rawValue]
        #expect(statuses == ["released", "released"])

        let lines = try await desk.lines(run.runId)
        #expect(lines.count == 60 && lines.allSatisfy { $0.state == .instructed }, "no line of the run counts as paid by another")
        let payments = try await fixture.desks.payments.payments(runId: run.runId)
        #expect(payments.count == 60 && Set(payments.map(\.idempotencyKey)).count == 60)
        let instructions = try await fixture.outbox(PaymentInstruction.self)
        #expect(instructions.count == 60 && Set(instructions.map(\.paymentId)) == Set(payments.map(\.paymentId)))
        #expect(try await fixture.outbox(PayrollRunStatus.self).map(\.status) == [.draft, .approved, .released])
        try await fixture.database.close()
    }

    @Test("a run that would exceed the year's remaining budget is refused with the figures", arguments: TestDatabase.available)
    func budgetRefusal(on kind: TestDatabase) async throws {
        let fixture = try await F(on: kind, catalog: try F.catalog(dibaoBudget: 100_000))
        try await fixture.deliver([
            F.decision("D-1", .approved, month: "2026-09", person: 1, monthly: 30_000),
            F.decision("D-2", .approved, month: "2026-09", person: 2, monthly: 20_000),
        ])
        let desk = fixture.desks.payroll
        let approver = StaffIdentity(staffID: "staff-0007", department: "relief", roles: [.approver])
        let finance = StaffIdentity(staffID: "staff-0300", department: "relief", roles: ["finance-officer"])
        _ = try await desk.draft(program: "dibao", period: "2026-11", by: finance)
        _ = try await desk.approve("RUN-dibao-2026-11-1", by: approver)
        _ = try await desk.release("RUN-dibao-2026-11-1", by: finance)
        // 50,000 paid; a December draft (50,000) fits, and once approved it is committed too.
        _ = try await desk.draft(program: "dibao", period: "2026-12", by: finance)
        _ = try await desk.approve("RUN-dibao-2026-12-1", by: approver)
        try await Application(router: fixture.router).test(.router) { client in
            let (refused, problem) = try await client.post("/v1/payroll-runs", #"{"program":"dibao","period":"2026-10"}"#, token: "finance")
            #expect(refused == 409)
            #expect(problem["type"] as? String == "urn:civil-affairs:problem:budget-exceeded")
            #expect(problem["budgetFen"] as? Int == 100_000 && problem["committedFen"] as? Int == 100_000)
            #expect(problem["remainingFen"] as? Int == 0 && problem["runTotalFen"] as? Int == 50_000)
            let (runs, list) = try await client.list("/v1/payroll-runs?program=dibao&period=2026-10", token: "auditor")
            #expect(runs == 200 && list.isEmpty, "a refused run leaves nothing behind")
        }
        try await fixture.database.close()
    }

    @Test("emergency relief above the threshold needs two approvers; above the cap a line is held", arguments: TestDatabase.available)
    func emergencyReliefSecondApproval(on kind: TestDatabase) async throws {
        let fixture = try await F(on: kind)
        try await fixture.deliver([
            F.decision("E-1", .approved, month: "2026-12", person: 1, program: .emergencyRelief, monthly: nil, oneOff: 300_000),
            F.decision("E-2", .approved, month: "2026-12", person: 2, program: .emergencyRelief, monthly: nil, oneOff: 800_000),
            F.decision("E-3", .approved, month: "2026-12", person: 3, program: .emergencyRelief, monthly: nil, oneOff: 4_000_000),
        ])
        try await Application(router: fixture.router).test(.router) { client in
            let (created, run) = try await client.post("/v1/payroll-runs", #"{"program":"emergency-relief","period":"2026-12"}"#, token: "finance")
            #expect(created == 201 && run["requiredApprovals"] as? Int == 2)
            #expect(run["beneficiaryCount"] as? Int == 2 && run["totalFen"] as? Int == 1_100_000 && run["heldCount"] as? Int == 1)
            let path = "/v1/payroll-runs/RUN-emergency-relief-2026-12-1"
            let (_, once) = try await client.post(path + "/approval", "", token: "approver-1")
            #expect(once["status"] as? String == "draft", "one approval is not enough above the threshold")
            let (twice, problem) = try await client.post(path + "/approval", "", token: "approver-1")
            #expect(twice == 403 && problem["type"] as? String == "urn:civil-affairs:problem:four-eyes")
            let (_, second) = try await client.post(path + "/approval", "", token: "approver-2")
            #expect(second["status"] as? String == "approved")
            #expect((second["approvals"] as? [[String: Any]])?.compactMap { $0["approvedBy"] as? String } == ["staff-0007", "staff-0008"])
            let (_, lines) = try await client.list(path + "/lines", token: "auditor")
            #expect(lines.filter { $0["state"] as? String == "held" }.compactMap { $0["note"] as? String }
                    == ["4000000 fen is above the program's cap of 3000000 fen"])
            let (released, _) = try await client.post(path + "/release", "", token: "finance")
            #expect(released == 200)
        }
        #expect(try await fixture.outbox(PaymentInstruction.self).map(\.amountFen).sorted() == [300_000, 800_000])
        try await fixture.database.close()
    }

    @Test("medical assistance pays 70 % of each claim up to the yearly cap across claims; the next year starts afresh",
          arguments: TestDatabase.available)
    func medicalCapAcrossClaims(on kind: TestDatabase) async throws {
        let fixture = try await F(on: kind)
        try await fixture.deliver([
            F.decision("M-1", .approved, month: "2026-01", person: 1, program: .medicalAssistance, monthly: nil, oneOff: 1),
        ])
        @Sendable func claim(_ id: String, _ month: String, _ cost: Int) -> String {
            #"{"claimId":"\#(id)","beneficiaryId":"\#(F.person(1))","householdId":"H-1","serviceMonth":"\#(month)","outOfPocketFen":\#(cost)}"#
        }
        try await Application(router: fixture.router).test(.router) { client in
            var assistance: [Int?] = []
            for (id, cost) in [("C-1", 4_000_000), ("C-2", 3_000_000), ("C-3", 1_000_000)] {
                let (status, body) = try await client.post("/v1/medical-claims", claim(id, "2026-06", cost), token: "finance")
                #expect(status == 201)
                assistance.append(body["assistanceFen"] as? Int)
            }
            #expect(assistance == [2_800_000, 2_100_000, 100_000], "the third claim gets what is left of 5,000,000")
            let (capped, problem) = try await client.post("/v1/medical-claims", claim("C-4", "2026-07", 10_000), token: "finance")
            #expect(capped == 409 && problem["usedFen"] as? Int == 5_000_000)
            let (retry, same) = try await client.post("/v1/medical-claims", claim("C-1", "2026-06", 4_000_000), token: "finance")
            #expect(retry == 201 && same["assistanceFen"] as? Int == 2_800_000, "entering a claim again changes nothing")
            let (changed, _) = try await client.post("/v1/medical-claims", claim("C-1", "2026-06", 4_000_001), token: "finance")
            #expect(changed == 409)
            let (nextYear, fresh) = try await client.post("/v1/medical-claims", claim("C-5", "2027-01", 10_000), token: "finance")
            #expect(nextYear == 201 && fresh["assistanceFen"] as? Int == 7_000)
            let (notEntitled, _) = try await client.post(
                "/v1/medical-claims",
                #"{"claimId":"C-9","beneficiaryId":"\#(F.person(9))","householdId":"H-9","serviceMonth":"2026-06","outOfPocketFen":100}"#,
                token: "finance")
            #expect(notEntitled == 409)
            let (invalid, errors) = try await client.post(
                "/v1/medical-claims", #"{"claimId":"","beneficiaryId":"x","householdId":"H","serviceMonth":"2026-13","outOfPocketFen":0}"#,
                token: "finance")
            #expect(invalid == 400 && (errors["errors"] as? [String: String])?.keys.sorted()
                    == ["beneficiaryId", "claimId", "outOfPocketFen", "serviceMonth"])

            let (created, run) = try await client.post("/v1/payroll-runs", #"{"program":"medical-assistance","period":"2026-12"}"#, token: "finance")
            #expect(created == 201 && run["beneficiaryCount"] as? Int == 3 && run["totalFen"] as? Int == 5_000_000)
        }
        try await fixture.database.close()
    }

    @Test("money is exact: totals near the 64-bit limit add up to the fen, an overflow is an error, never a wrapped number, and an amount beyond the largest accepted is refused")
    func moneyIsExact() async throws {
        let amount = 92_233_720_368_547  // 9.2e13 fen: beyond what a Double holds to the fen once summed 100,000 times
        let amounts = Array(repeating: Fen(amount), count: 100_000)
        #expect(try Fen.sum(amounts) == 9_223_372_036_854_700_000)
        #expect(throws: Fen.Overflow.self) { try Fen.sum(amounts + [Fen(Int.max / 1000)]) }
        #expect(try Fen.share(of: Fen(Int.max), basisPoints: 7000) == 6_456_360_425_798_343_064)
        #expect(try Fen.share(of: 333, basisPoints: 7000) == 233, "rounded down to the fen")

        let fixture = try await F(on: .sqlite, catalog: try F.catalog(dibaoBudget: Int.max))
        // An amount above the largest any event may name (¥1,000,000,000.00) is refused as a
        // permanent error (dead-lettered), never summed; the largest accepted ones add up exactly.
        await #expect(throws: PermanentEventError.self) {
            try await fixture.deliver([F.decision("D-0", .approved, month: "2026-12", person: 9, monthly: 3_000_000_000_000_000_001)])
        }
        try await fixture.deliver((1...3).map {
            F.decision("D-\($0)", .approved, month: "2026-12", person: $0, monthly: Fen.largestAccepted.value - $0)
        })
        let finance = StaffIdentity(staffID: "staff-0300", department: "relief", roles: ["finance-officer"])
        let run = try await fixture.desks.payroll.draft(program: "dibao", period: "2026-12", by: finance)
        #expect(run.totalFen == 3 * Fen.largestAccepted.value - 6)
        try await fixture.database.close()
    }
}

extension HouseholdSnapshot {
    func with(id: String, area: String) -> HouseholdSnapshot {
        var copy = self
        copy.householdId = id
        copy.areaCode = area
        return copy
    }
}
