import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Kafka
import KafkaTestSupport
import Registration
import ServiceKit
import Testing

@Suite("Registering households and residents", .serialized)
struct RegisterTests {
    static let grandmother = #"{"identityNumber":"330106193805120047","name":"王秀英","phone":"13800000001","householdId":"HID","relationship":"head","disabilityGrade":2}"#

    @Test("registering emits the household, person and contact events, with nothing personal on analytics-safe topics",
          .timeLimit(.minutes(2)))
    func registrationEvents() async throws {
        let fixture = try await RegistrationFixture()
        let app = Application(router: fixture.router)
        let (householdId, residentId, personId) = try await app.test(.router) { client in
            let (status, household) = try await client.post("/v1/households", #"{"areaCode":"330106001001"}"#)
            #expect(status == 201)
            let householdId = household["householdId"] as? String ?? ""
            let (created, body) = try await client.post("/v1/residents", Self.grandmother.replacingOccurrences(of: "HID", with: householdId))
            #expect(created == 201)
            let resident = body["resident"] as? [String: Any] ?? [:]
            #expect(resident["identityNumberMasked"] as? String == "330106***********7")
            #expect(resident["birthDate"] as? String == "1938-05-12")
            #expect(resident["registeredBy"] as? String == "staff-0042")
            #expect((body["warnings"] as? [String])?.isEmpty == true)
            return (householdId, resident["residentId"] as? String ?? "", resident["personId"] as? String ?? "")
        }
        #expect(personId == RegistrationFixture.pseudonymizer.pseudonym(forIdentityNumber: "330106193805120047"))
        try await fixture.publishOutbox()

        let persons = try await fixture.records(on: TopicCatalog.person, count: 1)
        let person = try PersonSnapshot(cloudEvent: CloudEvent(kafkaMessage: persons[0]))
        #expect(persons[0].keyString == personId)
        #expect(person.householdId == householdId)
        #expect(person.birthYear == 1938)
        #expect(Set(person.vulnerabilities) == [.aged60Plus, .aged80Plus, .aged85To89, .livingAlone, .disability])
        #expect(person.disabilityGrade == 2)

        let households = try await fixture.records(on: TopicCatalog.household, count: 2)
        let latest = try HouseholdSnapshot(cloudEvent: CloudEvent(kafkaMessage: households[1]))
        #expect(latest.memberCount == 1)
        #expect(latest.headPersonId == personId)
        #expect(latest.areaKind == .urban)

        let contacts = try await fixture.records(on: TopicCatalog.contact, count: 1)
        let contact = try PersonContact(cloudEvent: CloudEvent(kafkaMessage: contacts[0]))
        #expect(contact.name == "王秀英" && contact.phone == "13800000001")

        // Nothing personal on the analytics-safe topics: not in values, keys or headers.
        for record in persons + households {
            let bytes = [record.key ?? Data(), record.value ?? Data()] + record.headers.map { $0.value ?? Data() }
            for data in bytes {
                let text = String(decoding: data, as: UTF8.self)
                for secret in ["330106193805120047", "王秀英", "13800000001", "19380512"] {
                    #expect(!text.contains(secret), "personal data on \(record.topic)")
                }
            }
        }

        // Removal: tombstones on the person and contact topics, and a household of none.
        try await app.test(.router) { client in
            var headers = HTTPFields()
            headers[.authorization] = "Bearer caseworker"
            try await client.execute(uri: "/v1/residents/\(residentId)", method: .delete, headers: headers) { #expect($0.status == .badRequest, "a removal names its reason") }
            try await client.execute(uri: "/v1/residents/\(residentId)?reason=moved-out", method: .delete, headers: headers) { #expect($0.status == .noContent) }
            #expect(try await client.get("/v1/residents/\(residentId)").0 == 404)
        }
        try await fixture.publishOutbox()
        #expect(try await fixture.records(on: TopicCatalog.person, count: 2)[1].isTombstone)
        #expect(try await fixture.records(on: TopicCatalog.contact, count: 2)[1].isTombstone)
        let emptied = try await fixture.records(on: TopicCatalog.household, count: 3)[2]
        #expect(try HouseholdSnapshot(cloudEvent: CloudEvent(kafkaMessage: emptied)).memberCount == 0)
        try await fixture.database.close()
    }

    @Test("a registered identity number answers 409 naming the record; a likely duplicate is accepted with a warning")
    func duplicates() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let householdId = try await client.post("/v1/households", #"{"areaCode":"330106001001"}"#).1["householdId"] as? String ?? ""
            let body = Self.grandmother.replacingOccurrences(of: "HID", with: householdId)
            let first = try await client.post("/v1/residents", body)
            let existing = (first.1["resident"] as? [String: Any])?["residentId"] as? String ?? "?"
            let (status, problem) = try await client.post("/v1/residents", body)
            #expect(status == 409)
            #expect(problem["type"] as? String == "urn:civil-affairs:problem:resident-exists")
            #expect(problem["existing"] as? String == "/v1/residents/\(existing)")
            // Same name, birth date and area, another number (a clerical slip or a true namesake).
            let namesake = #"{"identityNumber":"330106193805120063","name":"王秀英","householdId":"\#(householdId)","relationship":"sister"}"#
            let (accepted, answer) = try await client.post("/v1/residents", namesake)
            #expect(accepted == 201)
            #expect((answer["warnings"] as? [String])?.first?.contains(existing) == true)
            let (_, household) = try await client.get("/v1/households/\(householdId)", token: "auditor")
            #expect((household["members"] as? [Any])?.count == 2)
        }
        try await fixture.database.close()
    }

    @Test("bad registrations are refused with the field named and change nothing",
          arguments: [
              (#"{"identityNumber":"330106193805120048","name":"x","householdId":"HID","relationship":"head"}"#, "identityNumber"),
              (#"{"identityNumber":"330106193805120047","name":"","householdId":"HID","relationship":"head"}"#, "name"),
              (#"{"identityNumber":"330106193805120047","name":"x","phone":"12345","householdId":"HID","relationship":"head"}"#, "phone"),
              (#"{"identityNumber":"330106193805120047","name":"x","householdId":"H-NONE","relationship":"head"}"#, "householdId"),
              (#"{"identityNumber":"330106193805120047","name":"x","householdId":"HID","relationship":"head","disabilityGrade":7}"#, "disabilityGrade"),
          ])
    func refusals(body: String, field: String) async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let householdId = try await client.post("/v1/households", #"{"areaCode":"330106001001"}"#).1["householdId"] as? String ?? ""
            let (status, problem) = try await client.post("/v1/residents", body.replacingOccurrences(of: "\"HID\"", with: "\"\(householdId)\""))
            #expect(status == 400)
            #expect((problem["errors"] as? [String: String])?[field] != nil, "\(problem)")
            let (_, household) = try await client.get("/v1/households/\(householdId)")
            #expect((household["members"] as? [Any])?.isEmpty == true)
        }
        let unknownArea = try await Application(router: fixture.router).test(.router) { client in
            try await client.post("/v1/households", #"{"areaCode":"330106001"}"#).0
        }
        #expect(unknownArea == 400, "a street is not a residential area")
        try await fixture.database.close()
    }

    @Test("registrations are accepted while the broker is down, and their events arrive when it returns",
          .timeLimit(.minutes(2)))
    func brokerDown() async throws {
        let fixture = try await RegistrationFixture()
        try fixture.broker.takeDownAll()
        try await Application(router: fixture.router).test(.router) { client in
            let householdId = try await client.post("/v1/households", #"{"areaCode":"330106101201"}"#).1["householdId"] as? String ?? ""
            #expect(try await client.post("/v1/residents", Self.grandmother.replacingOccurrences(of: "HID", with: householdId)).0 == 201)
        }
        let backlog = try await fixture.database.withConnection { try await Outbox.backlog(in: $0) }
        #expect(backlog == 4)
        try fixture.broker.bringUpAll()
        try await fixture.publishOutbox()
        let person = try await fixture.records(on: TopicCatalog.person, count: 1)
        #expect(person.count == 1)
        try await fixture.database.close()
    }

    @Test("every route is documented in openapi.yaml and every documented operation exists")
    func openAPI() async throws {
        let fixture = try await RegistrationFixture()
        #expect(try RegistrationOpenAPI.document.coverage(of: fixture.router) == .complete)
        try await fixture.database.close()
    }
}
