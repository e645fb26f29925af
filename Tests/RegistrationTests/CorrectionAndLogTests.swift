import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Kafka
import KafkaTestSupport
import Logging
import Registration
import ServiceKit
import Testing

@Suite("Corrections with history, and logs without personal data", .serialized)
struct CorrectionAndLogTests {
    @Test("a correction keeps who, when, why, before and after, and republishes the contact and both households",
          .timeLimit(.minutes(2)))
    func correction() async throws {
        let fixture = try await RegistrationFixture()
        let (residentId, first, second) = try await Application(router: fixture.router).test(.router) { client in
            let first = try await client.post("/v1/households", #"{"areaCode":"330106001001"}"#).1["householdId"] as? String ?? ""
            let second = try await client.post("/v1/households", #"{"areaCode":"330106101201"}"#).1["householdId"] as? String ?? ""
            let (_, body) = try await client.post("/v1/residents", #"{"identityNumber":"44030519900101123X","name":"陈伟","phone":"13900000000","householdId":"\#(first)","relationship":"head"}"#)
            let residentId = (body["resident"] as? [String: Any])?["residentId"] as? String ?? ""
            var headers = HTTPFields()
            headers[.authorization] = "Bearer caseworker"
            headers[.contentType] = "application/json"
            let patch = #"{"phone":"13900000009","householdId":"\#(second)","disabilityGrade":3,"reason":"moved to his mother's; new phone"}"#
            try await client.execute(uri: "/v1/residents/\(residentId)", method: .patch, headers: headers, body: ByteBuffer(string: patch)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/residents/\(residentId)", method: .patch, headers: headers, body: ByteBuffer(string: #"{"phone":"139"}"#)) { response in
                #expect(response.status == .badRequest, "a reason is required, and the phone is malformed")
            }
            let history = try await client.execute(uri: "/v1/residents/\(residentId)/history", method: .get, headers: [.authorization: "Bearer auditor"]) { response in
                (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]] ?? []
            }
            #expect(history.map { $0["field"] as? String } == ["phone", "householdId", "disabilityGrade"])
            #expect(history[0]["before"] as? String == "13900000000" && history[0]["after"] as? String == "13900000009")
            #expect(history[2]["before"] == nil && history[2]["after"] as? String == "3")
            #expect(history.allSatisfy { $0["changedBy"] as? String == "staff-0042" && $0["reason"] as? String == "moved to his mother's; new phone" })
            return (residentId, first, second)
        }
        _ = residentId
        try await fixture.publishOutbox()
        let contacts = try await fixture.records(on: TopicCatalog.contact, count: 2)
        let moved = try PersonContact(cloudEvent: CloudEvent(kafkaMessage: contacts[1]))
        #expect(moved.phone == "13900000009" && moved.householdId == second && moved.areaCode == "330106101201")
        // Opened (2), registered (1), corrected: new household then old one (2).
        let households = try await fixture.records(on: TopicCatalog.household, count: 5).map {
            try HouseholdSnapshot(cloudEvent: CloudEvent(kafkaMessage: $0))
        }
        // Order holds per household (the key), not across partitions: take each one's newest.
        let newest = Dictionary(households.map { ($0.householdId, $0.memberCount) }) { _, later in later }
        #expect(newest == [first: 0, second: 1])
        let persons = try await fixture.records(on: TopicCatalog.person, count: 2).map {
            try PersonSnapshot(cloudEvent: CloudEvent(kafkaMessage: $0))
        }
        #expect(persons[1].householdId == second && persons[1].disabilityGrade == 3)
        try await fixture.database.close()
    }

    @Test("registering, correcting, refusing and deciding log nothing personal")
    func logsHoldNoPersonalData() async throws {
        let logs = CapturedLogs()
        let logger = logs.logger
        let fixture = try await RegistrationFixture(logger: logger)
        try await Application(router: fixture.router, logger: logger).test(.router) { client in
            let household = try await client.post("/v1/households", #"{"areaCode":"330106001001"}"#).1["householdId"] as? String ?? ""
            let (_, body) = try await client.post("/v1/residents", #"{"identityNumber":"650102195512310072","name":"阿依古丽","phone":"13700000007","householdId":"\#(household)","relationship":"head"}"#)
            let residentId = (body["resident"] as? [String: Any])?["residentId"] as? String ?? ""
            _ = try await client.post("/v1/residents", #"{"identityNumber":"650102195512310072","name":"阿依古丽","phone":"13700000007","householdId":"\#(household)","relationship":"head"}"#)
            _ = try await client.post("/v1/residents", #"{"identityNumber":"650102195512310073","name":"阿依古丽","householdId":"\#(household)","relationship":"head"}"#)
            _ = try await client.get("/v1/residents/\(residentId)")
            _ = try await client.post("/v1/applications", #"{"householdId":"\#(household)","beneficiaryResidentId":"\#(residentId)","program":"dibao","householdMonthlyIncomeFen":1000}"#)
        }
        let text = logs.text
        #expect(text.contains(#""http.route": /v1/residents"#), "the access log is captured")
        #expect(text.contains(#""staff.id": staff-0042"#), "the access log names the caller")
        for secret in ["650102195512310072", "650102195512310073", "阿依古丽", "13700000007", "19551231"] {
            #expect(!text.contains(secret), "personal data in the logs")
        }
        try await fixture.database.close()
    }
}
