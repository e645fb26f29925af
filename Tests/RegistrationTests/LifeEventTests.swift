import CivilDomain
import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Kafka
import KafkaTestSupport
import Registration
import SQLKit
import ServiceKit
import Testing

/// What life events do to benefits (the table on ``LifeEvents``). The fixture's clock starts on
/// 2026-11-29.
@Suite("Life events end and review benefits", .serialized)
struct LifeEventTests {
    static func resident(_ client: some TestClientProtocol, _ number: String, household: String, _ extra: String = "") async throws -> (String, String) {
        let (status, body) = try await client.post("/v1/residents", #"{"identityNumber":"\#(number)","name":"居民","householdId":"\#(household)","relationship":"child"\#(extra)}"#)
        #expect(status == 201, "\(body)")
        let resident = body["resident"] as? [String: Any] ?? [:]
        return (resident["residentId"] as? String ?? "", resident["personId"] as? String ?? "")
    }

    static func grant(_ client: some TestClientProtocol, _ body: String) async throws -> String {
        let (status, application) = try await client.post("/v1/applications", body)
        #expect(status == 201, "\(application)")
        let id = application["applicationId"] as? String ?? ""
        let (approved, decided) = try await client.post("/v1/applications/\(id)/decisions", #"{"action":"approve"}"#, token: "approver-1")
        #expect(approved == 200, "\(decided)")
        return id
    }

    @Test("the child allowance ends the month after the 18th birthday and the 85–89 subsidy after the 90th; a second sweep exits nothing",
          .timeLimit(.minutes(2)))
    func ageLimits() async throws {
        let fixture = try await RegistrationFixture()
        let (child, elder) = try await Application(router: fixture.router).test(.router) { client in
            let household = try await client.post("/v1/households", #"{"areaCode":"330106101201"}"#).1["householdId"] as? String ?? ""
            let (child, _) = try await Self.resident(client, "330106200812050019", household: household, #","leftBehindChild":true"#)
            let (elder, _) = try await Self.resident(client, "330106193612100023", household: household)
            let childGrant = try await Self.grant(client, #"{"householdId":"\#(household)","beneficiaryResidentId":"\#(child)","program":"child-living-allowance","monthlyAmountFen":60000}"#)
            let elderGrant = try await Self.grant(client, #"{"householdId":"\#(household)","beneficiaryResidentId":"\#(elder)","program":"elderly-home-care-subsidy","monthlyAmountFen":5000}"#)
            return (childGrant, elderGrant)
        }
        #expect(try await LifeEvents.sweepAgeLimits(today: CivilDate("2026-12-04")!, database: fixture.database).isEmpty, "17 still")
        let eighteen = try await LifeEvents.sweepAgeLimits(today: CivilDate("2026-12-05")!, database: fixture.database)
        #expect(eighteen.map(\.applicationId) == [child])
        #expect(eighteen.first?.outcome == .exited && eighteen.first?.effectiveMonth == "2027-01")
        #expect(eighteen.first?.reason == "reached the age limit of 18" && eighteen.first?.decidedBy == "system:age-limits")
        #expect(try await LifeEvents.sweepAgeLimits(today: CivilDate("2026-12-05")!, database: fixture.database).isEmpty, "idempotent per day")
        let ninety = try await LifeEvents.sweepAgeLimits(today: CivilDate("2026-12-31")!, database: fixture.database)
        #expect(ninety.map(\.applicationId) == [elder] && ninety.first?.effectiveMonth == "2027-01")
        try await fixture.publishOutbox()
        let decisions = try await fixture.records(on: TopicCatalog.decision, count: 4)
            .map { try BenefitDecision(cloudEvent: CloudEvent(kafkaMessage: $0)) }
        #expect(decisions.filter { $0.outcome == .exited }.map(\.applicationId) == [child, elder])
        try await fixture.database.close()
    }

    @Test("entering institutional care exits the 85–89 subsidy; a member leaving or joining a dibao household puts its review due today",
          .timeLimit(.minutes(2)))
    func careAndComposition() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let household = try await client.post("/v1/households", #"{"areaCode":"330106101201"}"#).1["householdId"] as? String ?? ""
            let (elder, _) = try await Self.resident(client, "330106193612100023", household: household)
            let (son, _) = try await Self.resident(client, "330106197001010035", household: household)
            let subsidy = try await Self.grant(client, #"{"householdId":"\#(household)","beneficiaryResidentId":"\#(elder)","program":"elderly-home-care-subsidy","monthlyAmountFen":5000}"#)
            let dibao = try await Self.grant(client, #"{"householdId":"\#(household)","beneficiaryResidentId":"\#(son)","program":"dibao","householdMonthlyIncomeFen":20000}"#)
            #expect(try await client.get("/v1/applications/\(dibao)").1["reviewDueOn"] as? String == "2027-11-29")

            let (corrected, _) = try await client.execute(
                uri: "/v1/residents/\(elder)", method: .patch,
                headers: [.authorization: "Bearer caseworker", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"institutionalCare":true,"reason":"moved into the town's care home"}"#)) { ($0.status, 0) }
            #expect(corrected == .ok)
            let (_, exited) = try await client.get("/v1/applications/\(subsidy)")
            #expect(exited["status"] as? String == "exited" && exited["reason"] as? String == "entered institutional care")
            #expect(try await client.get("/v1/applications/\(dibao)").1["status"] as? String == "active", "dibao is not the subsidy")

            let removed = try await client.execute(uri: "/v1/residents/\(elder)?reason=moved-out", method: .delete,
                                                   headers: [.authorization: "Bearer caseworker"]) { $0.status }
            #expect(removed == .noContent)
            #expect(try await client.get("/v1/applications/\(dibao)").1["reviewDueOn"] as? String == "2026-11-29")
            let (_, due) = try await client.get("/v1/reviews?dueOnOrBefore=2026-11-29", token: "auditor")
            #expect((due["items"] as? [[String: Any]])?.compactMap { $0["applicationId"] as? String } == [dibao])
            // The review: one member now, a new income; the top-up follows from next month.
            let (refused, _) = try await client.post("/v1/applications/\(dibao)/decisions", #"{"action":"adjust"}"#, token: "approver-1")
            #expect(refused == 400, "an adjustment says why")
            let (adjusted, after) = try await client.post("/v1/applications/\(dibao)/decisions",
                #"{"action":"adjust","reason":"annual review: the mother moved out","householdMonthlyIncomeFen":50000}"#, token: "approver-1")
            #expect(adjusted == 200 && after["status"] as? String == "active")
            #expect(after["monthlyAmountFen"] as? Int == 98_000 - 50_000, "rural standard less the income, for one member")
            #expect(after["reviewDueOn"] as? String == "2027-11-29", "the review is done")
            // The removed resident's history stays readable, ending with the removal.
            let (_, history) = try await client.execute(uri: "/v1/residents/\(elder)/history", method: .get,
                                                        headers: [.authorization: "Bearer auditor"]) { response in
                (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]] ?? [])
            }
            #expect(history.last?["field"] as? String == "removed" && history.last?["after"] as? String == "moved-out")
        }
        try await fixture.publishOutbox()
        let v2 = try await fixture.records(on: TopicCatalog.decisionV2, count: 4).map { try BenefitDecisionV2(cloudEvent: CloudEvent(kafkaMessage: $0)) }
        #expect(v2.map(\.outcome) == [.approved, .approved, .exited, .adjusted])
        #expect(v2.last?.monthlyAmountFen == 48_000 && v2.last?.householdMonthlyIncomeFen == 50_000)
        #expect(v2.last?.members == 1 && v2.last?.standardFen == 98_000 && v2.last?.effectiveMonth == "2026-12")
        let v1 = try await fixture.records(on: TopicCatalog.decision, count: 3).map { try BenefitDecision(cloudEvent: CloudEvent(kafkaMessage: $0)) }
        #expect(v1.map(\.outcome) == [.approved, .approved, .exited])
        let onV1 = try await fixture.database.withConnection { database in
            try await database.select().column("event_id").from("outbox_events")
                .where("topic", .equal, SQLBind(TopicCatalog.decision.name)).all().count
        }
        #expect(onV1 == 3, "v1 readers never see an outcome they do not know")
        try await fixture.database.close()
    }

    @Test("one household, one open dibao: a second application is refused naming the open one; after an exit a new one may be made",
          .timeLimit(.minutes(2)))
    func oneDibaoPerHousehold() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let household = try await client.post("/v1/households", #"{"areaCode":"330106101201"}"#).1["householdId"] as? String ?? ""
            let (first, _) = try await Self.resident(client, "330106193612100023", household: household)
            let (second, _) = try await Self.resident(client, "330106197001010035", household: household)
            func apply(_ resident: String, submit: Bool = true) async throws -> (Int, [String: Any]) {
                try await client.post("/v1/applications", #"{"householdId":"\#(household)","beneficiaryResidentId":"\#(resident)","program":"dibao","householdMonthlyIncomeFen":20000,"submit":\#(submit)}"#)
            }
            let (drafted, draft) = try await apply(first, submit: false)
            #expect(drafted == 201)
            let draftId = draft["applicationId"] as? String ?? ""
            let (refused, problem) = try await apply(second)
            #expect(refused == 409 && problem["type"] as? String == "urn:civil-affairs:problem:household-has-open-application")
            #expect(problem["existing"] as? String == "/v1/applications/\(draftId)", "even a draft holds the household's dibao")
            // Another program for the same person is not affected.
            let (other, _) = try await client.post("/v1/applications", #"{"householdId":"\#(household)","beneficiaryResidentId":"\#(second)","program":"temporary-relief","oneOffAmountFen":50000}"#)
            #expect(other == 201)
            #expect(try await client.post("/v1/applications/\(draftId)/submission", "").0 == 200)
            #expect(try await client.post("/v1/applications/\(draftId)/decisions", #"{"action":"approve"}"#, token: "approver-1").0 == 200)
            #expect(try await client.post("/v1/applications/\(draftId)/decisions", #"{"action":"exit","reason":"income above the standard"}"#, token: "approver-1").0 == 200)
            #expect(try await apply(second).0 == 201, "after the exit the household may apply again")
        }
        try await fixture.database.close()
    }
}

/// A new dibao standard, proposed as a dry run and applied by a second person as one act.
@Suite("Dibao standards by period")
struct StandardChangeTests {
    @Test("a rise from a month: the dry run lists the household and the difference; an approver applies it once; the top-up follows",
          .timeLimit(.minutes(2)))
    func standardRise() async throws {
        let standards = MeansTest.Standards(
            urbanFen: 124_500, ruralFen: 98_000,
            changes: [.init(from: Month("2027-01")!, urbanFen: 130_000, ruralFen: 105_000)])
        let fixture = try await RegistrationFixture(standards: standards)
        try await Application(router: fixture.router).test(.router) { client in
            let household = try await client.post("/v1/households", #"{"areaCode":"330106101201"}"#).1["householdId"] as? String ?? ""
            let (first, _) = try await LifeEventTests.resident(client, "330106193612100023", household: household)
            _ = try await LifeEventTests.resident(client, "330106197001010035", household: household)
            let dibao = try await LifeEventTests.grant(client, #"{"householdId":"\#(household)","beneficiaryResidentId":"\#(first)","program":"dibao","householdMonthlyIncomeFen":30000}"#)
            #expect(try await client.get("/v1/applications/\(dibao)").1["monthlyAmountFen"] as? Int == (98_000 - 15_000) * 2,
                    "approved in November for December, at the 2026 standard")

            let (proposed, change) = try await client.post("/v1/standard-changes", #"{"effectiveMonth":"2027-01"}"#)
            #expect(proposed == 201 && change["status"] as? String == "proposed" && change["households"] as? Int == 1)
            #expect(change["monthlyDifferenceFen"] as? Int == (105_000 - 98_000) * 2 && change["ruralStandardFen"] as? Int == 105_000)
            let id = change["changeId"] as? String ?? ""
            #expect(try await client.get("/v1/applications/\(dibao)").1["monthlyAmountFen"] as? Int == 166_000, "a dry run decides nothing")
            let (_, lines) = try await client.list("/v1/standard-changes/\(id)/lines", token: "auditor")
            #expect(lines.first?["newMonthlyAmountFen"] as? Int == 180_000 && lines.first?["oldMonthlyAmountFen"] as? Int == 166_000)

            #expect(try await client.post("/v1/standard-changes/\(id)/approval", "", token: "caseworker").0 == 403)
            let (applied, after) = try await client.post("/v1/standard-changes/\(id)/approval", "", token: "approver-1")
            #expect(applied == 200 && after["status"] as? String == "applied" && after["appliedBy"] as? String == "staff-0007")
            #expect(try await client.post("/v1/standard-changes/\(id)/approval", "", token: "approver-1").0 == 409, "applied once")
            #expect(try await client.get("/v1/applications/\(dibao)").1["monthlyAmountFen"] as? Int == 180_000)
        }
        try await fixture.publishOutbox()
        let v2 = try await fixture.records(on: TopicCatalog.decisionV2, count: 2).map { try BenefitDecisionV2(cloudEvent: CloudEvent(kafkaMessage: $0)) }
        #expect(v2.last?.outcome == .adjusted && v2.last?.effectiveMonth == "2027-01" && v2.last?.monthlyAmountFen == 180_000)
        #expect(v2.last?.standardFen == 105_000 && v2.last?.members == 2 && v2.last?.decidedBy == "staff-0007")
        try await fixture.database.close()
    }
}
