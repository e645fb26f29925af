import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Kafka
import KafkaTestSupport
import Registration
import ServiceKit
import Testing

@Suite("Benefit applications and four-eyes decisions", .serialized)
struct ApplicationTests {
    /// A rural household of two with the grandmother as beneficiary; returns household and resident ids.
    static func household(_ client: some TestClientProtocol) async throws -> (String, String) {
        let householdId = try await client.post("/v1/households", #"{"areaCode":"330106101201"}"#).1["householdId"] as? String ?? ""
        let (_, first) = try await client.post("/v1/residents", #"{"identityNumber":"330106193805120047","name":"王秀英","householdId":"\#(householdId)","relationship":"head"}"#)
        _ = try await client.post("/v1/residents", #"{"identityNumber":"510107201806150317","name":"王小明","householdId":"\#(householdId)","relationship":"grandchild","leftBehindChild":true}"#)
        return (householdId, (first["resident"] as? [String: Any])?["residentId"] as? String ?? "")
    }

    @Test("a dibao application: the submitter cannot approve; an approver can, and the decision event carries the top-up and both names",
          .timeLimit(.minutes(2)))
    func dibaoApproval() async throws {
        let fixture = try await RegistrationFixture()
        let applicationId = try await Application(router: fixture.router).test(.router) { client in
            let (householdId, residentId) = try await Self.household(client)
            let (status, application) = try await client.post("/v1/applications", #"{"householdId":"\#(householdId)","beneficiaryResidentId":"\#(residentId)","program":"dibao","householdMonthlyIncomeFen":100001}"#, token: "approver-2")
            #expect(status == 201)
            #expect(application["status"] as? String == "submitted")
            let id = application["applicationId"] as? String ?? ""
            let (refused, problem) = try await client.post("/v1/applications/\(id)/decisions", #"{"action":"approve"}"#, token: "approver-2")
            #expect(refused == 403)
            #expect(problem["type"] as? String == "urn:civil-affairs:problem:four-eyes")
            let (forbidden, _) = try await client.post("/v1/applications/\(id)/decisions", #"{"action":"approve"}"#, token: "caseworker")
            #expect(forbidden == 403)
            let (approved, decided) = try await client.post("/v1/applications/\(id)/decisions", #"{"action":"approve"}"#, token: "approver-1")
            #expect(approved == 200)
            #expect(decided["status"] as? String == "active")
            #expect(decided["decidedBy"] as? String == "staff-0007")
            // Rural standard 98,000; 100,001 / 2 = 50,000.5 → 50,001 per member; top-up (98,000 − 50,001) × 2.
            #expect(decided["monthlyAmountFen"] as? Int == 95_998)
            #expect(decided["reviewDueOn"] as? String == "2027-11-29")
            let (_, due) = try await client.execute(uri: "/v1/reviews?dueOnOrBefore=2027-12-31&pageSize=10", method: .get, headers: [.authorization: "Bearer auditor"]) { response in
                (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:])
            }
            #expect((due["items"] as? [[String: Any]])?.map { $0["applicationId"] as? String } == [id])
            #expect(due["total"] as? Int == 1 && due["pageSize"] as? Int == 10)
            let (_, later) = try await client.execute(uri: "/v1/reviews?dueOnOrBefore=2027-12-31&page=2&pageSize=10", method: .get, headers: [.authorization: "Bearer auditor"]) { response in
                (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:])
            }
            #expect((later["items"] as? [Any])?.isEmpty == true && later["total"] as? Int == 1)
            return id
        }
        try await fixture.publishOutbox()
        let decisions = try await fixture.records(on: TopicCatalog.decision, count: 1)
        let decision = try BenefitDecision(cloudEvent: CloudEvent(kafkaMessage: decisions[0]))
        #expect(decision.applicationId == applicationId)
        #expect(decision.outcome == .approved)
        #expect(decision.program == .dibao)
        #expect(decision.monthlyAmountFen == 95_998)
        #expect(decision.effectiveMonth == "2026-12")
        #expect(decision.decidedBy == "staff-0007" && decision.submittedBy == "staff-0008")
        #expect(decision.beneficiaryId == RegistrationFixture.pseudonymizer.pseudonym(forIdentityNumber: "330106193805120047"))
        #expect(try CloudEvent(kafkaMessage: decisions[0]).id == decision.decisionId, "ce_id is the decision id")
        // Two members registered (2 snapshots), then the approval republishes both with the flag.
        let persons = try await fixture.records(on: TopicCatalog.person, count: 5).map {
            try PersonSnapshot(cloudEvent: CloudEvent(kafkaMessage: $0))
        }
        let newest = Dictionary(persons.map { ($0.personId, $0.vulnerabilities) }) { _, later in later }
        #expect(newest.values.allSatisfy { $0.contains(.dibaoHousehold) })
        try await fixture.database.close()
    }

    @Test("two approvers racing on one application: exactly one decision, one decision event", .timeLimit(.minutes(2)))
    func racingApprovers() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let (householdId, residentId) = try await Self.household(client)
            let id = try await client.post("/v1/applications", #"{"householdId":"\#(householdId)","beneficiaryResidentId":"\#(residentId)","program":"temporary-relief","oneOffAmountFen":150000}"#).1["applicationId"] as? String ?? ""
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for (token, action) in [("approver-1", "approve"), ("approver-2", "reject")] {
                    group.addTask {
                        try await client.post("/v1/applications/\(id)/decisions", #"{"action":"\#(action)","reason":"checked"}"#, token: token).0
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted() == [200, 409])
        }
        try await fixture.publishOutbox()
        #expect(try await fixture.records(on: TopicCatalog.decision, count: 1).count == 1)
        let extra = try? await fixture.records(on: TopicCatalog.decision, count: 2)
        #expect(extra == nil, "a second decision event")
        try await fixture.database.close()
    }

    @Test("suspend, resume and exit need a reason and follow the states; a failed means test gives the figures")
    func lifecycle() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let (householdId, residentId) = try await Self.household(client)
            let rich = try await client.post("/v1/applications", #"{"householdId":"\#(householdId)","beneficiaryResidentId":"\#(residentId)","program":"dibao","householdMonthlyIncomeFen":500000}"#).1["applicationId"] as? String ?? ""
            let (status, problem) = try await client.post("/v1/applications/\(rich)/decisions", #"{"action":"approve"}"#, token: "approver-1")
            #expect(status == 409)
            #expect(problem["type"] as? String == "urn:civil-affairs:problem:means-test-failed")
            #expect(problem["incomePerMemberFen"] as? Int == 250_000 && problem["standardFen"] as? Int == 98_000)

            // The grandson is not 85 to 89; the grandmother (88) is.
            let members = try await client.get("/v1/households/\(householdId)").1["members"] as? [[String: Any]] ?? []
            let grandson = members.first { $0["relationship"] as? String == "grandchild" }?["residentId"] as? String ?? ""
            let (ineligible, refusal) = try await client.post("/v1/applications", #"{"householdId":"\#(householdId)","beneficiaryResidentId":"\#(grandson)","program":"elderly-home-care-subsidy","monthlyAmountFen":20000}"#)
            #expect(ineligible == 409 && refusal["type"] as? String == "urn:civil-affairs:problem:not-eligible")
            #expect(try await client.post("/v1/applications", #"{"householdId":"\#(householdId)","beneficiaryResidentId":"\#(grandson)","program":"child-living-allowance","monthlyAmountFen":80000,"submit":false}"#).0 == 201)
            #expect(try await client.post("/v1/applications", #"{"householdId":"\#(householdId)","beneficiaryResidentId":"\#(residentId)","program":"child-living-allowance","monthlyAmountFen":80000}"#).0 == 409)
            let draft = try await client.post("/v1/applications", #"{"householdId":"\#(householdId)","beneficiaryResidentId":"\#(residentId)","program":"elderly-home-care-subsidy","monthlyAmountFen":20000,"submit":false}"#)
            #expect(draft.1["status"] as? String == "draft")
            let id = draft.1["applicationId"] as? String ?? ""
            #expect(try await client.post("/v1/applications/\(id)/decisions", #"{"action":"approve"}"#, token: "approver-1").0 == 409)
            #expect(try await client.post("/v1/applications/\(id)/submission", "{}").1["status"] as? String == "submitted")
            #expect(try await client.post("/v1/applications/\(id)/decisions", #"{"action":"approve"}"#, token: "approver-1").0 == 200)
            #expect(try await client.post("/v1/applications/\(id)/decisions", #"{"action":"suspend"}"#, token: "approver-1").0 == 400)
            #expect(try await client.post("/v1/applications/\(id)/decisions", #"{"action":"suspend","reason":"in hospital"}"#, token: "approver-1").1["status"] as? String == "suspended")
            #expect(try await client.post("/v1/applications/\(id)/decisions", #"{"action":"resume"}"#, token: "approver-1").1["status"] as? String == "active")
            #expect(try await client.post("/v1/applications/\(id)/decisions", #"{"action":"exit","reason":"moved to a care home","reasonCode":"gone"}"#, token: "approver-1").0 == 400)
            #expect(try await client.post("/v1/applications/\(id)/decisions", #"{"action":"exit","reason":"moved to a care home","reasonCode":"institutional-care","effectiveMonth":"2027-02"}"#, token: "approver-1").1["status"] as? String == "exited")
            #expect(try await client.post("/v1/applications/\(id)/decisions", #"{"action":"resume"}"#, token: "approver-1").0 == 409)
        }
        try await fixture.publishOutbox()
        let decisions = try await fixture.records(on: TopicCatalog.decision, count: 4).map {
            try BenefitDecision(cloudEvent: CloudEvent(kafkaMessage: $0))
        }
        #expect(decisions.map(\.outcome) == [.approved, .suspended, .resumed, .exited])
        // The topic is kept forever and read by analysts: codes, never the approver's words.
        #expect(decisions.allSatisfy { $0.reason == nil })
        #expect(decisions.map(\.reasonCode) == [nil, .other, nil, .institutionalCare])
        try await fixture.database.close()
    }
}
