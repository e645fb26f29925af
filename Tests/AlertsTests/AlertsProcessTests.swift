@testable import Alerts
import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import ServiceKit
import SQLKit
import Testing

/// The alerts-service executable, killed in the middle of an alert, with a second instance
/// taking over its share of the dispatch work.
@Suite("alerts-service as a process", .serialized)
struct AlertsProcessTests {
    @Test("an instance killed with SIGKILL mid-alert loses no area: a second instance finishes it, each resident under one notification id",
          .timeLimit(.minutes(5)))
    func killedMidAlert() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alerts-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let databasePath = folder.appendingPathComponent("alerts.sqlite").path
        let areasFile = folder.appendingPathComponent("areas.json")
        try JSONEncoder().encode(AlertsFixture.areaList(communities: 4)).write(to: areasFile)
        let communities = (1...4).map(AlertsFixture.community)
        let seed = try await ServiceDatabase(.sqlite(path: databasePath), logger: quietLogger)
        try await seed.migrate(AlertsService.migrations)
        try await AlertsFixture.seed(seed, areas: communities, perArea: 5_000)
        try await seed.close()

        let environment = [
            "KAFKA_BOOTSTRAP": broker.bootstrapServers, "DATABASE_URL": databasePath, "AREAS_FILE": areasFile.path,
            "STOCK_CATALOG_FILE": ComposeRoot.url.appendingPathComponent("Services/Alerts/demo/relief-materials.json").path,
            "AUTH_TOKENS": "\(TokenDirectory.hash(ofToken: "duty")) staff-0201 alerts duty-officer alerts",
            "DISPATCH_BATCH_SIZE": "100", "KAFKA_PROPERTIES": "session.timeout.ms=6000,heartbeat.interval.ms=500",
        ]
        let first = try ServiceProcess.launch("alerts-service", environment: environment)
        try await first.waitUntilReady()
        let observer = try await ServiceDatabase(.sqlite(path: databasePath), logger: quietLogger)
        @Sendable func progress() async throws -> [DispatchProgress] {
            try await observer.withConnection { try await DispatchProgress.all(alertId: "flood-kill", in: $0) }
        }
        // The first instance owns every dispatch partition before the alert is issued.
        try await Task.sleep(for: .seconds(4))
        let created = await first.request(
            "POST", "v1/alerts", token: "duty", body: CAPCorpus.minimal(identifier: "flood-kill"), contentType: "application/cap+xml")
        #expect(created?.0 == 201)

        try await within(.seconds(60), "dispatch under way") {
            while try await progress().reduce(0, { $0 + $1.notified }) < 1_000 { try await Task.sleep(for: .milliseconds(5)) }
        }
        kill(first.process.processIdentifier, SIGKILL)
        try await first.waitForExit(within: .seconds(10))
        let atKill = try await progress()
        #expect(atKill.reduce(0) { $0 + $1.notified } < 20_001, "killed in the middle of the alert")

        let second = try ServiceProcess.launch("alerts-service", environment: environment)
        try await second.waitUntilReady()
        try await within(.seconds(120), "every area finished by the second instance") {
            while try await progress().filter({ $0.state == .finished }).count < 4 { try await Task.sleep(for: .milliseconds(100)) }
        }
        let done = try await progress()
        #expect(done.reduce(0) { $0 + $1.notified } == 20_001)

        let client = KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers, clientID: "reader", statisticsInterval: nil)
        let reader = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: client, groupID: "read-\(UUID())", topics: [TopicCatalog.notification.name]),
            logger: quietLogger)
        let ids = try await within(.seconds(60), "every recipient read") {
            var ids: [String: Set<String>] = [:]
            for try await message in reader.messages {
                let notification = try NotificationRequested(cloudEvent: try CloudEvent(kafkaMessage: message))
                ids[notification.recipientId, default: []].insert(notification.notificationId)
                if ids.count == 20_001 { break }
            }
            return ids
        }
        await reader.shutdown()
        #expect(ids.values.allSatisfy { $0.count == 1 })
        kill(second.process.processIdentifier, SIGTERM)
        try await second.waitForExit(within: .seconds(30))
        try await observer.close()
    }
}
