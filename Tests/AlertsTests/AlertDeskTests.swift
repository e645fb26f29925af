@testable import Alerts
import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import ServiceKit
import SQLKit
import Testing

@Suite("Alert desk", .serialized)
struct AlertDeskTests {
    static func dispatches(_ database: ServiceDatabase) async throws -> [AreaDispatch] {
        try await database.withConnection { database in
            try await database.select().columns("data").from("outbox_events").where("topic", .equal, TopicCatalog.dispatch.name)
                .orderBy("seq").all()
                .map { try CivilEventCoding.decoder.decode(AreaDispatch.self, from: try $0.decode(column: "data", as: Data.self)) }
        }
    }

    @Test("an Update supersedes the alert it references and is dispatched to its own areas; Drafts and Acks reach nobody",
          arguments: TestDatabase.available)
    func updatesAndNonDispatched(_ kind: TestDatabase) async throws {
        try await AlertsFixture.withDatabase(kind) { database in
            let desk = AlertDesk(database: database, areas: try AlertsFixture.areas(communities: 3))
            _ = try await desk.submit(try AlertsFixture.cap(CAPCorpus.minimal(identifier: "flood-1")), by: AlertsFixture.duty)
            let update = try await desk.submit(try AlertsFixture.cap(CAPCorpus.minimal(
                identifier: "flood-1-update", msgType: "Update",
                references: "duty@mca.xihu.gov.cn,flood-1,2026-11-29T09:00:00+08:00",
                area: "<geocode><valueName>CN-AREA</valueName><value>330106002</value></geocode>")), by: AlertsFixture.duty)
            #expect(update.areaCodes == ["330106002001"])
            let original = try await desk.alert("flood-1")
            #expect(original.state == .superseded && original.replacedBy == "flood-1-update")

            _ = try await desk.submit(try AlertsFixture.cap(CAPCorpus.minimal(identifier: "draft-1", status: "Draft")), by: AlertsFixture.duty)
            let ack = CAPAlert(identifier: "ack-1", sender: "gw@example.cn", sent: "2026-11-29T09:05:00+08:00", status: "Actual",
                               msgType: "Ack", scope: "Public", references: "duty@mca.xihu.gov.cn,flood-1,2026-11-29T09:00:00+08:00")
            #expect(try await desk.submit(ack, by: AlertsFixture.duty).areaCodes.isEmpty)

            let dispatched = try await Self.dispatches(database)
            #expect(dispatched.map(\.alertId) == ["flood-1", "flood-1", "flood-1", "flood-1-update"])
            #expect(dispatched.last?.msgType == "Update" && dispatched.last?.areaCode == "330106002001")
            let published = try await database.withConnection {
                try await $0.select().column("event_id").from("outbox_events").where("topic", .equal, TopicCatalog.alert.name).all().count
            }
            #expect(published == 4)

            // A worker meeting the superseded alert's dispatch stops it without notifying anyone.
            let state = try await database.withConnection { try await AlertDesk.state(of: "flood-1", in: $0) }
            #expect(state == .superseded)
        }
    }

    @Test("records processed out of order are released for marking in offset order per partition")
    func inOrderCompletion() {
        func record(_ partition: Int32, _ offset: Int64) -> KafkaConsumerMessage {
            KafkaConsumerMessage(topic: "t", partition: partition, offset: offset, key: nil, value: nil)
        }
        var completion = InOrderCompletion()
        for offset in 0..<4 { completion.started(record(0, Int64(offset))) }
        completion.started(record(1, 7))
        #expect(completion.finished(record(0, 2), completed: true).isEmpty)
        #expect(completion.finished(record(1, 7), completed: true).map(\.offset) == [7])
        #expect(completion.finished(record(0, 0), completed: true).map(\.offset) == [0])
        #expect(completion.finished(record(0, 1), completed: true).map(\.offset) == [1, 2])
        // A record stopped midway holds its partition back.
        completion.started(record(0, 4))
        #expect(completion.finished(record(0, 4), completed: true).isEmpty)
        #expect(completion.finished(record(0, 3), completed: false).isEmpty)
    }
}
