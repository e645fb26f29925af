import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Relief
import ServiceKit
import Testing

/// A reissue sends money again: two finance officers, a few attempts at most, and never once the
/// run's books are closed.
@Suite("Payment reissue: four-eyes, attempts, closed runs", .serialized)
struct ReissueTests {
    typealias F = ReliefFixture

    @Test("a key is instructed at most three times; a request left open when the run is reconciled is refused on approval, and so is any new one")
    func limitsAndClosedRuns() async throws {
        let fixture = try await F(on: .sqlite)
        try await fixture.deliver([
            F.decision("D-1", .approved, month: "2026-12", person: 1, monthly: 42_000, household: "H-1"),
            F.decision("D-2", .approved, month: "2026-12", person: 2, monthly: 18_050, household: "H-2"),
        ])
        let run = "RUN-dibao-2026-12-1"
        try await Application(router: fixture.router).test(.router) { client in
            let (created, _) = try await client.post("/v1/payroll-runs", #"{"program":"dibao","period":"2026-12"}"#, token: "finance")
            let (approved, _) = try await client.post("/v1/payroll-runs/\(run)/approval", "", token: "approver-1")
            let (released, _) = try await client.post("/v1/payroll-runs/\(run)/release", "", token: "finance")
            #expect(created == 201 && approved == 200 && released == 200)
        }
        // An adapter sends a code; an older one may still send the bank's words.
        func fail(_ person: Int, reason: String? = nil) async throws -> String {
            let instruction = try #require(try await fixture.outbox(PaymentInstruction.self).last { $0.beneficiaryId == F.person(person) })
            try await fixture.deliver([PaymentResult(paymentId: instruction.paymentId, idempotencyKey: instruction.idempotencyKey,
                                                     outcome: .failed, failureReason: reason,
                                                     failureCode: reason == nil ? .accountClosed : nil, settledAt: Date())])
            return instruction.paymentId
        }

        // Person 1 fails three times: two reissues, then no more.
        for attempt in 1...3 {
            let failed = try await fail(1)
            try await Application(router: fixture.router).test(.router) { client in
                let (asked, problem) = try await client.post(
                    "/v1/payments/\(failed)/reissue", #"{"reason":"第\#(attempt)次失败"}"#, token: "finance")
                if attempt < 3 {
                    #expect(asked == 202)
                    let (approved, _) = try await client.post("/v1/payments/\(failed)/reissue/approval", "", token: "finance2")
                    #expect(approved == 200)
                } else {
                    #expect(asked == 409 && problem["type"] as? String == "urn:civil-affairs:problem:reissue-limit")
                }
            }
        }
        // Person 2 fails; a reissue is asked for, then the run is reconciled before anyone approves.
        let failed = try await fail(2, reason: #"=HYPERLINK("http://x.example/","点击")"#)
        try await Application(router: fixture.router).test(.router) { client in
            let (early, _) = try await client.post("/v1/payments/\(failed)/reissue/approval", "", token: "finance2")
            #expect(early == 409, "nothing to approve before someone asks")
            let (asked, _) = try await client.post("/v1/payments/\(failed)/reissue", #"{"reason":"已更正"}"#, token: "finance")
            #expect(asked == 202)
            let (reconciled, _) = try await client.post("/v1/payroll-runs/\(run)/reconciliation", "", token: "finance")
            #expect(reconciled == 200)
            let (late, problem) = try await client.post("/v1/payments/\(failed)/reissue/approval", "", token: "finance2")
            #expect(late == 409 && problem["type"] as? String == "urn:civil-affairs:problem:run-closed")
            let (again, _) = try await client.post("/v1/payments/\(failed)/reissue", #"{"reason":"再试"}"#, token: "finance2")
            #expect(again == 409)
            let (blank, _) = try await client.post("/v1/payments/\(failed)/reissue", #"{"reason":""}"#, token: "finance")
            #expect(blank == 400)
            // The bank's words reach the finance office's spreadsheet as text, never as a formula.
            let csv = try await client.execute(uri: "/v1/payroll-runs/\(run)/payments.csv", method: .get,
                                               headers: [.authorization: "Bearer finance"]) { String(buffer: $0.body) }
            #expect(csv.contains(",failed,account-closed,3"), "the code of person 1's third failure")
            #expect(csv.contains(#"'=HYPERLINK("#) && !csv.contains(#",=HYPERLINK"#) && !csv.contains(#","=HYPERLINK"#))
        }
        let instructions = try await fixture.outbox(PaymentInstruction.self)
        #expect(instructions.filter { $0.beneficiaryId == F.person(1) }.count == 3, "three instructions, the first and two reissues")
        #expect(instructions.filter { $0.beneficiaryId == F.person(2) }.count == 1, "nothing reissued after the books closed")
        try await fixture.database.close()
    }
}
