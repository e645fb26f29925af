import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Relief
import ServiceKit
import Testing

/// The finance office's console through its router: a drafted run shows its held line with the
/// reason, its drafter gets no approve button, two approvers are needed above the threshold (one
/// approver twice is refused), and the released run's reconciliation and export are there.
@Suite("Relief console")
struct ReliefConsoleTests {
    @Test("draft with a held line and its reason, two different approvers, release, reconciliation bars and the export")
    func payrollRun() async throws {
        let fixture = try await ReliefFixture()
        try ReliefConsole.make(desks: fixture.desks, tokens: ReliefFixture.tokens).add(to: fixture.router)
        try await fixture.deliver([
            ReliefFixture.decision("E-1", .approved, month: "2026-12", person: 1, program: .emergencyRelief, monthly: nil, oneOff: 300_000),
            ReliefFixture.decision("E-2", .approved, month: "2026-12", person: 2, program: .emergencyRelief, monthly: nil, oneOff: 800_000),
            ReliefFixture.decision("E-3", .approved, month: "2026-12", person: 3, program: .emergencyRelief, monthly: nil, oneOff: 4_000_000),
        ])
        try await Application(router: fixture.router).test(.router) { client in
            func page(_ path: String, _ session: ConsoleSignIn.Session) async throws -> String {
                String(buffer: try await client.execute(uri: path, method: .get, headers: [.cookie: session.cookie]).body)
            }
            func post(_ path: String, _ session: ConsoleSignIn.Session, _ fields: [(String, String)] = []) async throws -> TestResponse {
                try await client.execute(uri: path, method: .post, headers: session.form,
                                         body: ConsoleSignIn.body(fields + [("_csrf", session.csrf)]))
            }
            let finance = try #require(try await ConsoleSignIn.signIn(client, token: "finance", page: "/console/runs").session)
            let drafted = try await post("/console/runs", finance, [("program", "emergency-relief"), ("period", "2026-12")])
            let run = try #require(drafted.headers[.location])
            #expect(drafted.status == .seeOther && run == "/console/runs/RUN-emergency-relief-2026-12-1")
            let draft = try await page(run, finance)
            #expect(draft.contains("class=\"tag held\"") && draft.contains("4000000 fen is above the program&#39;s cap of 3000000 fen"))
            #expect(!draft.contains("/approval\""), "the drafter gets no approve button")

            let first = try #require(try await ConsoleSignIn.signIn(client, token: "approver-1", page: run).session)
            #expect(try await post(run + "/approval", first).status == .seeOther)
            let again = try await post(run + "/approval", first)
            #expect(again.status == .forbidden && String(buffer: again.body).contains("class=\"problem\""),
                    "one approver twice is refused with the reason shown")
            let second = try #require(try await ConsoleSignIn.signIn(client, token: "approver-2", page: run).session)
            #expect(try await post(run + "/approval", second).status == .seeOther)
            #expect(try await page(run, second).contains("已审批"))

            #expect(try await post(run + "/release", finance).status == .seeOther)
            let released = try await page(run, finance)
            #expect(released.contains("<svg class=\"bars\"") && released.contains("2 笔 · 11,000.00 元"))
            let export = try await client.execute(uri: run + "/payments.csv", method: .get, headers: [.cookie: finance.cookie])
            #expect(export.headers[.contentType]?.hasPrefix("text/csv") == true && String(buffer: export.body).contains("800000"))
        }
        try await fixture.database.close()
    }
}
