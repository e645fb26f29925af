@testable import Alerts
import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import ServiceKit
import SQLKit
import Testing

@Suite("Dispatch workers fan alerts out", .serialized)
struct DispatchTests {
    /// One dispatch worker with its own consumer in the dispatch group.
    struct Worker {
        let consumer: KafkaConsumer
        let producer: KafkaProducer
        let task: Task<Void, any Error>

        init(broker: EmbeddedKafkaBroker, database: ServiceDatabase, areas: AlertAreas, batchSize: Int) throws {
            let client = KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers, clientID: "worker", statisticsInterval: nil)
            var configuration = KafkaConsumerConfiguration(
                client: client, groupID: DispatchWorker.consumerGroup, topics: [TopicCatalog.dispatch.name],
                commitInterval: .milliseconds(200), closeTimeout: .seconds(5))
            configuration.client.properties["session.timeout.ms"] = "6000"
            configuration.client.properties["heartbeat.interval.ms"] = "500"
            consumer = try KafkaConsumer(configuration: configuration, logger: quietLogger)
            producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client, linger: .milliseconds(5)), logger: quietLogger)
            let worker = DispatchWorker(
                consumer: consumer, producer: producer, database: database, areas: areas,
                configuration: .init(batchSize: batchSize, staleAfter: .seconds(5), cancelWait: .seconds(20)), logger: quietLogger)
            task = Task { try await worker.run() }
        }

        func stop() async {
            task.cancel()
            _ = await task.result
            await consumer.shutdown()
            await producer.shutdown()
        }
    }

    static func broker() throws -> EmbeddedKafkaBroker {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics(TopicCatalog.written(by: .alerts))
        return broker
    }

    /// Reads the notification topic until, for each alert named, that many distinct recipients have been seen.
    static func notifications(from broker: EmbeddedKafkaBroker, recipients expected: [String: Int]) async throws -> [NotificationRequested] {
        let client = KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers, clientID: "reader", statisticsInterval: nil)
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: client, groupID: "read-\(UUID())", topics: [TopicCatalog.notification.name]),
            logger: quietLogger)
        let read = try await within(.seconds(90), "recipients notified: \(expected)") {
            var seen: [String: Set<String>] = [:]
            var all: [NotificationRequested] = []
            for try await message in consumer.messages {
                let notification = try NotificationRequested(cloudEvent: try CloudEvent(kafkaMessage: message))
                #expect(message.headers.first(named: "ce_id") == notification.notificationId)
                all.append(notification)
                seen[notification.alertId, default: []].insert(notification.recipientId)
                if expected.allSatisfy({ seen[$0.key]?.count ?? 0 >= $0.value }) { break }
            }
            return all
        }
        await consumer.shutdown()
        return read
    }

    @Test("three workers fan an alert out to 50,000 residents; one is stopped midway; every recipient gets exactly one notification id",
          .timeLimit(.minutes(4)))
    func threeWorkersOneStopped() async throws {
        let broker = try Self.broker()
        let areas = try AlertsFixture.areas(communities: 10)
        try await AlertsFixture.withDatabase { database in
        let communities = (1...10).map(AlertsFixture.community)
        try await AlertsFixture.seed(database, areas: communities, perArea: 5_000)
        let desk = AlertDesk(database: database, areas: areas)
        let alert = try await desk.submit(try AlertsFixture.cap(CAPCorpus.minimal(identifier: "fanout-1")), by: AlertsFixture.duty)
        #expect(alert.state == .issued && alert.areaCodes == communities)
        try await publishOutbox(of: database, to: broker)

        let workers = try (0..<3).map { _ in try Worker(broker: broker, database: database, areas: areas, batchSize: 250) }
        @Sendable func notified() async throws -> Int {
            try await AlertsFixture.progress(database, alertId: "fanout-1").reduce(0) { $0 + $1.notified }
        }
        try await within(.seconds(60), "dispatch under way") {
            while try await notified() < 5_000 { try await Task.sleep(for: .milliseconds(20)) }
        }
        await workers[0].stop()
        let atStop = try await notified()
        #expect(atStop < 50_001, "the stop came before the end")

        try await within(.seconds(120), "every area finished") {
            while try await AlertsFixture.progress(database, alertId: "fanout-1").filter({ $0.state == .finished }).count < 10 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let progress = try await AlertsFixture.progress(database, alertId: "fanout-1")
        #expect(progress.reduce(0) { $0 + $1.notified } == 50_001)  // 50,000 residents and the officer of community 1
        #expect(progress.allSatisfy { $0.notified == $0.targeted })
        // Analysts learn each community's reach once, counts only, whichever worker finished it.
        try await publishOutbox(of: database, to: broker)
        let reached = try await records(on: TopicCatalog.reach.name, count: 10, from: broker)
            .map { try AreaReached(cloudEvent: try CloudEvent(kafkaMessage: $0)) }
        #expect(Set(reached.map(\.areaCode)) == Set(communities) && reached.count == 10)
        #expect(reached.reduce(0) { $0 + $1.notified } == 50_001 && reached.allSatisfy { $0.outcome == .finished && $0.status == "Actual" })

        let received = try await Self.notifications(from: broker, recipients: ["fanout-1": 50_001])
        let idsPerRecipient = Dictionary(grouping: received, by: \.recipientId).mapValues { Set($0.map(\.notificationId)) }
        #expect(idsPerRecipient.count == 50_001)
        #expect(idsPerRecipient.values.allSatisfy { $0.count == 1 })
        let resident = try #require(received.first { $0.recipientId == "p_33010600100100000000000000000000" })
        #expect(resident.priority == 0 && resident.channel == .sms && resident.address != nil)
        #expect(received.first { $0.recipientId == "p_33010600100100000100000000000000" }?.channel == .communityOfficer)
        #expect(received.first { $0.recipientId == "staff-0310" }?.recipientRole == .areaOfficer)
        for worker in workers.dropFirst() { await worker.stop() }
        }
    }

    @Test("a Cancel after partial dispatch stops the rest and tells those notified; Test alerts never reach the notification topic; tombstoned residents are not notified",
          .timeLimit(.minutes(3)))
    func cancelTestAndTombstones() async throws {
        let broker = try Self.broker()
        let areas = try AlertsFixture.areas(communities: 2)
        try await AlertsFixture.withDatabase { database in
        try await AlertsFixture.seed(database, areas: [AlertsFixture.community(1), AlertsFixture.community(2)], perArea: 5_000)
        let desk = AlertDesk(database: database, areas: areas)
        let worker = try Worker(broker: broker, database: database, areas: areas, batchSize: 50)

        // A Test alert is dispatched end to end, counted, and sent nowhere.
        _ = try await desk.submit(try AlertsFixture.cap(CAPCorpus.minimal(identifier: "drill-1", status: "Test")), by: AlertsFixture.duty)
        try await publishOutbox(of: database, to: broker)
        try await within(.seconds(60), "test alert counted") {
            while try await AlertsFixture.progress(database, alertId: "drill-1").filter({ $0.state == .finished }).count < 2 {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let drill = try await AlertsFixture.progress(database, alertId: "drill-1")
        #expect(drill.allSatisfy(\.exercise) && drill.reduce(0) { $0 + $1.notified } == 10_001)

        // A Cancel accepted while the alert is being dispatched.
        _ = try await desk.submit(try AlertsFixture.cap(CAPCorpus.minimal(identifier: "flood-1")), by: AlertsFixture.duty)
        try await publishOutbox(of: database, to: broker)
        try await within(.seconds(60), "dispatch under way") {
            while try await AlertsFixture.progress(database, alertId: "flood-1").reduce(0, { $0 + $1.notified }) < 500 {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let reference = "duty@mca.xihu.gov.cn,flood-1,2026-11-29T09:00:00+08:00"
        let cancel = try await desk.submit(
            try AlertsFixture.cap(CAPCorpus.minimal(identifier: "flood-1-cancel", msgType: "Cancel", references: reference)),
            by: AlertsFixture.duty)
        #expect(cancel.areaCodes == [AlertsFixture.community(1), AlertsFixture.community(2)])
        #expect(try await desk.alert("flood-1").state == .cancelled)
        try await publishOutbox(of: database, to: broker)
        try await within(.seconds(60), "cancel dispatched") {
            while try await AlertsFixture.progress(database, alertId: "flood-1-cancel").filter({ $0.state == .finished }).count < 2 {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let original = try await AlertsFixture.progress(database, alertId: "flood-1")
        let told = try await AlertsFixture.progress(database, alertId: "flood-1-cancel")
        let originallyNotified = original.reduce(0) { $0 + $1.notified }
        #expect(original.contains { $0.state == .stopped })
        #expect(originallyNotified < 10_001, "the cancel stopped the dispatch before the end")
        #expect(told.reduce(0) { $0 + $1.notified } == originallyNotified)

        // A tombstoned resident is not notified of the next alert.
        try await database.transaction { database in
            try await AlertsInbox().handleTombstone(key: "p_33010600100200000000000000000000", topic: TopicCatalog.person.name, in: database)
        }
        _ = try await desk.submit(try AlertsFixture.cap(CAPCorpus.minimal(
            identifier: "flood-2", area: "<geocode><valueName>CN-AREA</valueName><value>330106001002</value></geocode>")),
            by: AlertsFixture.duty)
        try await publishOutbox(of: database, to: broker)

        let cancelledRecipients = told.reduce(0) { $0 + $1.notified }
        let received = try await Self.notifications(
            from: broker, recipients: ["flood-1": originallyNotified, "flood-1-cancel": cancelledRecipients, "flood-2": 4_999])
        #expect(!received.contains { $0.alertId == "drill-1" })
        #expect(!received.contains { $0.recipientId == "p_33010600100200000000000000000000" && $0.alertId == "flood-2" })
        let cancelNotices = received.filter { $0.alertId == "flood-1-cancel" }
        #expect(Set(cancelNotices.map(\.recipientId)) == Set(received.filter { $0.alertId == "flood-1" }.map(\.recipientId)))
        #expect(cancelNotices.allSatisfy { $0.text.hasPrefix("【预警取消】") })
        #expect(Set(cancelNotices.map(\.recipientId)).count == cancelledRecipients)
        await worker.stop()
        }
    }
}
