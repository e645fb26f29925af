@testable import Alerts
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import ServiceKit
import SQLKit
import Testing

@Suite("Alerts API", .serialized)
struct AlertsAPITests {
    static func postCAP(_ client: some TestClientProtocol, _ xml: String, token: String = "duty") async throws -> (Int, [String: Any]) {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        headers[.contentType] = "application/cap+xml"
        return try await client.execute(uri: "/v1/alerts", method: .post, headers: headers, body: ByteBuffer(string: xml)) { response in
            (response.status.code, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:])
        }
    }

    @Test("CAP in XML and JSON over HTTP: severe alerts wait for a second officer; refusals name the element and change nothing; the alert is served back as CAP XML; answers and follow-up",
          .timeLimit(.minutes(2)))
    func alertsOverHTTP() async throws {
        try await AlertsFixture.withDatabase { database in
            let areas = try AlertsFixture.areas(communities: 2)
            try await AlertsFixture.seed(database, areas: [AlertsFixture.community(1)], perArea: 10)
            let router = try AlertsFixture.router(database, areas: areas)
            #expect(try AlertsOpenAPI.document.coverage(of: router) == .complete)
            @Sendable func alertCount() async throws -> Int {
                try await database.withConnection { try await $0.select().column("identifier").from(AlertDesk.table).all().count }
            }

            try await Application(router: router).test(.router) { client in
                // Refusals: problem+json naming the element; nothing stored.
                for (name, document, element) in CAPCorpus.invalid.prefix(12) {
                    let (status, problem) = try await Self.postCAP(client, document)
                    #expect(status == 422 && problem["element"] as? String == element, "\(name): \(problem)")
                }
                let (outside, problem) = try await Self.postCAP(client, CAPCorpus.minimal(
                    identifier: "nowhere", area: "<geocode><valueName>CN-AREA</valueName><value>110101</value></geocode>"))
                #expect(outside == 422 && problem["element"] as? String == "alert/info/area")
                let (unknownReference, referenceProblem) = try await Self.postCAP(client, CAPCorpus.minimal(
                    identifier: "update-of-nothing", msgType: "Update", references: "duty@mca.xihu.gov.cn,nothing,2026-11-29T08:00:00+08:00"))
                #expect(unknownReference == 422 && referenceProblem["element"] as? String == "alert/references")
                let (badJSON, jsonProblem) = try await client.post("/v1/alerts", #"{"identifier":"j1","sender":"s"}"#, token: "duty")
                #expect(badJSON == 422 && jsonProblem["type"] as? String == "urn:civil-affairs:problem:invalid-cap")
                let (forbidden, _) = try await Self.postCAP(client, CAPCorpus.full, token: "officer")
                #expect(forbidden == 403)
                #expect(try await alertCount() == 0)

                // A severe Actual alert waits; its issuer cannot approve it; a second officer can.
                let (created, held) = try await Self.postCAP(client, CAPCorpus.minimal(identifier: "typhoon-1", severity: "Severe"))
                #expect(created == 201 && held["state"] as? String == "awaiting-approval")
                #expect(held["areaCodes"] as? [String] == [AlertsFixture.community(1), AlertsFixture.community(2)])
                let (selfApproval, fourEyes) = try await client.post("/v1/alerts/typhoon-1/approval", "", token: "duty")
                #expect(selfApproval == 403 && fourEyes["type"] as? String == "urn:civil-affairs:problem:four-eyes")
                let (approved, issued) = try await client.post("/v1/alerts/typhoon-1/approval", "", token: "duty2")
                #expect(approved == 200 && issued["state"] as? String == "issued" && issued["approvedBy"] as? String == "staff-0202")
                let (again, _) = try await client.post("/v1/alerts/typhoon-1/approval", "", token: "duty2")
                #expect(again == 409)

                // The same message again is the same alert; a different one under its identifier is refused.
                let (repeated, _) = try await Self.postCAP(client, CAPCorpus.minimal(identifier: "typhoon-1", severity: "Severe"))
                #expect(repeated == 201)
                let (clash, _) = try await Self.postCAP(client, CAPCorpus.minimal(identifier: "typhoon-1", severity: "Minor"))
                #expect(clash == 409)

                // The full document is accepted as JSON too, and served back as equivalent CAP XML.
                let full = try CAPXMLReader.read(Data(CAPCorpus.full.utf8))
                var fullJSON = full
                fullJSON.identifier = "json-1"
                let body = String(decoding: try JSONEncoder().encode(fullJSON), as: UTF8.self)
                let (jsonCreated, jsonAlert) = try await client.post("/v1/alerts", body, token: "duty")
                #expect(jsonCreated == 201 && jsonAlert["state"] as? String == "awaiting-approval", "\(jsonAlert)")
                let (xmlCreated, _) = try await Self.postCAP(client, CAPCorpus.full)
                #expect(xmlCreated == 201)
                var headers = HTTPFields()
                headers[.authorization] = "Bearer auditor"
                let served = try await client.execute(uri: "/v1/alerts/\(CAPCorpus.identifier)/cap", method: .get, headers: headers) {
                    ($0.headers[.contentType], String(buffer: $0.body))
                }
                #expect(served.0?.hasPrefix("application/cap+xml") == true)
                #expect(try CAPXMLReader.read(Data(served.1.utf8)) == full)

                // Answers; the follow-up lists the vulnerable not yet answered.
                let (answered, answer) = try await client.post("/v1/alerts/typhoon-1/acknowledgements",
                    #"{"recipientId":"p_33010600100100000000000000000000","response":"evacuated","shelterId":"SH-1"}"#, token: "officer")
                #expect(answered == 201 && answer["recordedBy"] as? String == "staff-0310")
                #expect((answer["notificationId"] as? String) == NotificationID.make(
                    alertId: "typhoon-1", recipientId: "p_33010600100100000000000000000000", channel: .sms))
                let (needsHelp, _) = try await client.post("/v1/alerts/typhoon-1/acknowledgements",
                    #"{"recipientId":"p_33010600100100000500000000000000","response":"needs-help"}"#, token: "gateway")
                #expect(needsHelp == 201)
                let (badAnswer, _) = try await client.post("/v1/alerts/typhoon-1/acknowledgements",
                    #"{"recipientId":"p_33010600100100000500000000000000","response":"fine"}"#, token: "gateway")
                #expect(badAnswer == 400)
                let (visitsStatus, visits) = try await client.list("/v1/alerts/typhoon-1/areas/\(AlertsFixture.community(1))/visits", token: "officer")
                #expect(visitsStatus == 200 && visits.map { $0["personId"] as? String } == ["p_33010600100100000500000000000000"])
                let (_, statuses) = try await client.list("/v1/alerts/typhoon-1/areas", token: "auditor")
                let first = statuses.first { $0["areaCode"] as? String == AlertsFixture.community(1) }
                #expect(first?["acknowledged"] as? Int == 2 && first?["needsHelp"] as? Int == 1 && first?["vulnerableToVisit"] as? Int == 1)
            }

            // Issuing queued the alert event and one dispatch record per community.
            let queued = try await database.withConnection {
                try await $0.select().column("topic").from("outbox_events").all().map { try $0.decode(column: "topic", as: String.self) }
            }
            #expect(queued.filter { $0 == TopicCatalog.alert.name }.count == 1)
            #expect(queued.filter { $0 == TopicCatalog.dispatch.name }.count == 2)
            #expect(queued.filter { $0 == TopicCatalog.acknowledgement.name }.count == 2)
        }
    }

    @Test("targeting by geocode at any level, by polygon and by circle against community centroids")
    func targeting() throws {
        let areas = try AlertsFixture.areas(communities: 3)
        func covered(_ area: String) throws -> [String] {
            let alert = try CAPXMLReader.read(Data(CAPCorpus.minimal(area: area).utf8))
            return areas.covered(by: alert.info!.flatMap { $0.area ?? [] })
        }
        let street = (1...3).map(AlertsFixture.community)
        #expect(try covered("<geocode><valueName>CN-AREA</valueName><value>330106001</value></geocode>") == street)
        #expect(try covered("<geocode><valueName>CN-AREA</valueName><value>330106</value></geocode>") == street + ["330106002001"])
        #expect(try covered("<geocode><valueName>CN-AREA</valueName><value>330106001002</value></geocode>") == [AlertsFixture.community(2)])
        #expect(try covered("<geocode><valueName>CN-AREA</valueName><value>999999</value></geocode>").isEmpty)
        // Community 2's centroid is 30.25,120.12; community 3's 30.25,120.13.
        #expect(try covered("<polygon>30.24,120.115 30.26,120.115 30.26,120.125 30.24,120.125 30.24,120.115</polygon>")
            == [AlertsFixture.community(2)])
        #expect(try covered("<circle>30.25,120.125 0.6</circle>") == [AlertsFixture.community(2), AlertsFixture.community(3)])
    }

    @Test("the directory follows the person and contact topics; vulnerable residents come first; tombstones remove")
    func directory() async throws {
        try await AlertsFixture.withDatabase { database in
            let inbox = AlertsInbox()
            let now = Date()
            let people = [
                PersonSnapshot(personId: "p_b", householdId: "H-1", areaCode: "330106001001", sex: .male, birthYear: 1990,
                               vulnerabilities: [], updatedAt: now),
                PersonSnapshot(personId: "p_c", householdId: "H-2", areaCode: "330106001001", sex: .female, birthYear: 1938,
                               vulnerabilities: [.aged80Plus, .livingAlone], updatedAt: now),
                PersonSnapshot(personId: "p_a", householdId: "H-3", areaCode: "330106001001", sex: .female, birthYear: 2015,
                               vulnerabilities: [.leftBehindChild], updatedAt: now),
                PersonSnapshot(personId: "p_d", householdId: "H-4", areaCode: "330106001001", sex: .male, birthYear: 1950,
                               vulnerabilities: [.aged60Plus], updatedAt: now),
            ]
            try await database.transaction { database in
                try await inbox.handle(try PersonContact(personId: "p_b", name: "李强", phone: "13800000001", areaCode: "330106001001",
                                                         householdId: "H-1", updatedAt: now).cloudEvent(id: "c1", time: now), in: database)
                for person in people { try await inbox.handle(try person.cloudEvent(id: person.personId, time: now), in: database) }
                try await inbox.handle(try PersonContact(personId: "p_c", name: "王秀英", phone: "13800000002", areaCode: "330106001001",
                                                         householdId: "H-2", updatedAt: now).cloudEvent(id: "c2", time: now), in: database)
                try await inbox.handleTombstone(key: "p_d", topic: TopicCatalog.person.name, in: database)
                try await inbox.handleTombstone(key: "p_c", topic: TopicCatalog.contact.name, in: database)
            }
            let recipients = try await database.withConnection {
                try await ResidentDirectory().recipients(in: "330106001001", after: nil, limit: 10, in: $0)
            }
            #expect(recipients.map(\.personId) == ["p_a", "p_c", "p_b"])
            #expect(recipients.map(\.priority) == [0, 0, 1])
            #expect(recipients.map { DispatchWorker.channel(for: $0) } == [.communityOfficer, .communityOfficer, .sms])
            let rest = try await database.withConnection {
                try await ResidentDirectory().recipients(
                    in: "330106001001", after: DispatchCursor(priority: 0, personId: "p_c"), limit: 10, in: $0)
            }
            #expect(rest.map(\.personId) == ["p_b"])
        }
    }
}
