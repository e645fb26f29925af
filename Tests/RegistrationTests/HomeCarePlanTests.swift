import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Registration
import ServiceKit
import Testing

@Suite("Home-care plans", .serialized)
struct HomeCarePlanTests {
    @Test("a home-care plan's category, hours and 85-89 credit come from the resident's flags by the policy file; one plan per person; decided four-eyes on v2 only; removal ends it",
          .timeLimit(.minutes(2)))
    func plans() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            // An 88-year-old living alone: category C (80+ and living alone, 8 hours) and the 85-89 credit.
            let alone = try await client.post("/v1/households", #"{"areaCode":"330106001001"}"#).1["householdId"] as? String ?? ""
            let (_, registered) = try await client.post("/v1/residents", #"{"identityNumber":"330106193805120047","name":"王秀英","householdId":"\#(alone)","relationship":"head"}"#)
            let elder = (registered["resident"] as? [String: Any])?["residentId"] as? String ?? ""
            let (created, application) = try await client.post("/v1/applications", #"{"householdId":"\#(alone)","beneficiaryResidentId":"\#(elder)","program":"home-care"}"#)
            #expect(created == 201)
            let plan = application["carePlan"] as? [String: Any] ?? [:]
            #expect(plan["category"] as? String == "C" && plan["monthlyHours"] as? Int == 8 && plan["serviceCreditFen"] as? Int == 5000)
            #expect((plan["serviceTypes"] as? [String])?.contains("bathing") == true && (plan["serviceTypes"] as? [String])?.contains("nursing") == false)
            #expect(application["monthlyAmountFen"] == nil || application["monthlyAmountFen"] is NSNull)
            let id = application["applicationId"] as? String ?? ""
            let (second, refusal) = try await client.post("/v1/applications", #"{"householdId":"\#(alone)","beneficiaryResidentId":"\#(elder)","program":"home-care"}"#)
            #expect(second == 409 && refusal["type"] as? String == "urn:civil-affairs:problem:person-has-open-plan")

            // A child and a 50-year-old get no plan: the refusal names the flags.
            let (householdId, _) = try await ApplicationTests.household(client)
            let members = try await client.get("/v1/households/\(householdId)").1["members"] as? [[String: Any]] ?? []
            let grandson = members.first { $0["relationship"] as? String == "grandchild" }?["residentId"] as? String ?? ""
            let (ineligible, problem) = try await client.post("/v1/applications", #"{"householdId":"\#(householdId)","beneficiaryResidentId":"\#(grandson)","program":"home-care"}"#)
            #expect(ineligible == 409 && (problem["detail"] as? String)?.contains("left-behind-child") == true)

            #expect(try await client.post("/v1/applications/\(id)/decisions", #"{"action":"approve"}"#, token: "approver-2").0 == 200)
            try await client.execute(uri: "/v1/residents/\(elder)?reason=deceased", method: .delete,
                                     headers: [.authorization: "Bearer caseworker"]) { #expect($0.status == .noContent) }
            #expect(try await client.get("/v1/applications/\(id)").1["status"] as? String == "exited")
        }
        try await fixture.publishOutbox()
        let decisions = try await fixture.records(on: TopicCatalog.decisionV2, count: 2).map { try BenefitDecisionV2(cloudEvent: CloudEvent(kafkaMessage: $0)) }
        #expect(decisions.map(\.outcome) == [.approved, .exited] && decisions.allSatisfy { $0.program == .homeCare })
        #expect(decisions[0].carePlan?.monthlyHours == 8 && decisions[0].carePlan?.policyVersion == "2026-12-r1" && decisions[0].decidedBy == "staff-0008")
        // v1 readers never see a home-care plan.
        let outbox = try await fixture.database.withConnection { database in
            try await database.select().column("topic").from("outbox_events").where("event_type", .equal, BenefitDecision.eventType).all()
        }
        #expect(outbox.isEmpty)
        try await fixture.database.close()
    }
}
