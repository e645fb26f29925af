import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Registration
import ServiceKit
import Testing

@Suite("Drafts opened from households reported in need", .serialized)
struct AssistanceNeedDraftTests {
    static func need(
        alert: String, household: String, identityNumber: String, category: AssistanceNeeded.Category, source: AssistanceNeeded.Source = .visitReport
    ) -> AssistanceNeeded {
        AssistanceNeeded(
            needId: "NEED-\(alert)-\(category.rawValue)", alertId: alert, householdId: household,
            personId: RegistrationFixture.pseudonymizer.pseudonym(forIdentityNumber: identityNumber), areaCode: "330106101201",
            category: category, source: source, reportedBy: "staff-0310", reportedAt: Date())
    }

    static func apply(_ need: AssistanceNeeded, to database: ServiceDatabase) async throws {
        let event = try need.cloudEvent(id: UUID().uuidString, time: need.reportedAt)
        try await database.transaction { database in try await RegistrationInbox().handle(event, in: database) }
    }

    @Test("one draft per alert and household however often reported; a caseworker takes it over with the amount and a second person decides",
          .timeLimit(.minutes(2)))
    func draftsFromNeeds() async throws {
        let fixture = try await RegistrationFixture()
        let database = fixture.database
        try await Application(router: fixture.router).test(.router) { client in
            let (householdId, headId) = try await ApplicationTests.household(client)
            // The grandchild (second member) is reported twice in typhoon-1, once in typhoon-2.
            try await Self.apply(Self.need(alert: "typhoon-1", household: householdId, identityNumber: "510107201806150317", category: .food), to: database)
            try await Self.apply(Self.need(alert: "typhoon-1", household: householdId, identityNumber: "510107201806150317", category: .houseDamage,
                                           source: .shelterCheckIn), to: database)
            // A person the register does not know (since removed): the draft is the head's.
            try await Self.apply(Self.need(alert: "typhoon-2", household: householdId, identityNumber: "110105194912310021", category: .medical), to: database)
            await #expect(throws: PermanentEventError.self) {
                try await Self.apply(Self.need(alert: "typhoon-1", household: "H-NOT-REGISTERED", identityNumber: "510107201806150317",
                                               category: .food), to: database)
            }

            let (listed, needs) = try await client.list("/v1/assistance-needs?areaCode=330106101", token: "caseworker")
            #expect(listed == 200 && needs.count == 2)
            let (_, first) = try await client.list("/v1/assistance-needs?alertId=typhoon-1", token: "auditor")
            #expect(first.count == 1 && first.first?["reports"] as? Int == 2 && first.first?["categories"] as? [String] == ["food", "house-damage"])
            let draftId = try #require(first.first?["applicationId"] as? String)
            let (_, draft) = try await client.get("/v1/applications/\(draftId)")
            #expect(draft["status"] as? String == "draft" && draft["program"] as? String == "emergency-relief")
            #expect(draft["submittedBy"] as? String == AssistanceNeedDrafts.opener && draft["beneficiaryResidentId"] as? String != headId)
            let (_, second) = try await client.list("/v1/assistance-needs?alertId=typhoon-2", token: "auditor")
            let (_, headDraft) = try await client.get("/v1/applications/\(second.first?["applicationId"] as? String ?? "")")
            #expect(headDraft["beneficiaryResidentId"] as? String == headId)
            #expect(try await client.list("/v1/assistance-needs?areaCode=33", token: "caseworker").0 == 400)

            // Nothing is decided on a draft; the amount comes with the submission, within range.
            #expect(try await client.post("/v1/applications/\(draftId)/decisions", #"{"action":"approve"}"#, token: "approver-1").0 == 409)
            #expect(try await client.post("/v1/applications/\(draftId)/submission", #"{"oneOffAmountFen":0}"#, token: "approver-2").0 == 400)
            let (submitted, taken) = try await client.post("/v1/applications/\(draftId)/submission", #"{"oneOffAmountFen":150000}"#, token: "approver-2")
            #expect(submitted == 200 && taken["submittedBy"] as? String == "staff-0008" && taken["oneOffAmountFen"] as? Int == 150_000)
            #expect(try await client.post("/v1/applications/\(draftId)/decisions", #"{"action":"approve"}"#, token: "approver-2").0 == 403)
            let (approved, decided) = try await client.post("/v1/applications/\(draftId)/decisions", #"{"action":"approve"}"#, token: "approver-1")
            #expect(approved == 200 && decided["status"] as? String == "active")
            let (_, after) = try await client.list("/v1/assistance-needs?alertId=typhoon-1", token: "caseworker")
            #expect(after.first?["applicationStatus"] as? String == "active")
        }
        try await fixture.publishOutbox()
        let decision = try BenefitDecision(cloudEvent: CloudEvent(kafkaMessage: try await fixture.records(on: TopicCatalog.decision, count: 1)[0]))
        #expect(decision.program == .emergencyRelief && decision.oneOffAmountFen == 150_000 && decision.submittedBy == "staff-0008"
            && decision.decidedBy == "staff-0007")
        try await fixture.database.close()
    }
}
