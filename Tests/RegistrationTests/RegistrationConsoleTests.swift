import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Registration
import ServiceKit
import Testing

/// Life events on an active benefit through the console: a second person suspends, resumes or
/// ends it by a decision, as through the API; a change without its reason is refused beside the
/// field and changes nothing; a caseworker gets no change form.
@Suite("Registration console")
struct RegistrationConsoleTests {
    @Test("an approver suspends and resumes an active dibao with a reason; without one it is refused beside the field")
    func lifeEvents() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let (householdId, residentId) = try await ApplicationTests.household(client)
            let (_, submitted) = try await client.post("/v1/applications", #"{"householdId":"\#(householdId)","beneficiaryResidentId":"\#(residentId)","program":"dibao","householdMonthlyIncomeFen":30000}"#)
            let id = try #require(submitted["applicationId"] as? String)
            #expect(try await client.post("/v1/applications/\(id)/decisions", #"{"action":"approve"}"#, token: "approver-1").0 == 200)

            let caseworker = try #require(try await ConsoleSignIn.signIn(client, token: "caseworker", page: "/console/residents").session)
            let seen = String(buffer: try await client.execute(uri: "/console/applications/\(id)", method: .get, headers: [.cookie: caseworker.cookie]).body)
            #expect(!seen.contains("value=\"suspend\""), "a caseworker gets no change form")

            let approver = try #require(try await ConsoleSignIn.signIn(client, token: "approver-1", page: "/console/approvals").session)
            func decide(_ fields: [(String, String)]) async throws -> TestResponse {
                try await client.execute(uri: "/console/applications/\(id)/decisions", method: .post, headers: approver.form,
                                         body: ConsoleSignIn.body(fields + [("_csrf", approver.csrf)]))
            }
            let refused = try await decide([("action", "suspend")])
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("id=\"reason-error\""))
            #expect(try await client.get("/v1/applications/\(id)", token: "auditor").1["status"] as? String == "active")
            #expect(try await decide([("action", "suspend"), ("reason", "住院三个月")]).status == .seeOther)
            #expect(try await client.get("/v1/applications/\(id)", token: "auditor").1["status"] as? String == "suspended")
            #expect(try await decide([("action", "resume")]).status == .seeOther)
            let resumed = try await client.get("/v1/applications/\(id)", token: "auditor").1
            #expect(resumed["status"] as? String == "active" && resumed["decidedBy"] as? String == "staff-0007")
        }
        try await fixture.database.close()
    }
}
