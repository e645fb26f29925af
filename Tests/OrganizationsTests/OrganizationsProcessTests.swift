import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import Organizations
import ServiceKit
import Testing

/// organizations-service as a real child process, stopped while its broker is gone.
@Suite("organizations-service as a process", .serialized)
struct OrganizationsProcessTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("SIGTERM with the broker gone: the process exits within its grace period, saying events were left; after a restart they are published",
          .timeLimit(.minutes(3)))
    func shutdownWithTheBrokerGone() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("organizations-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let environment = [
            "KAFKA_BOOTSTRAP": broker.bootstrapServers, "DATABASE_URL": folder.appendingPathComponent("o.sqlite").path,
            "REGISTRAR_POLICY_FILE": Self.root.appendingPathComponent("Services/Organizations/demo/registrar-policy.json").path,
            "AUTH_TOKENS": "\(TokenDirectory.hash(ofToken: "clerk")) staff-0101 organizations clerk organizations",
            "SHUTDOWN_GRACE": "5", "SHUTDOWN_DRAIN_DELAY": "0",
        ]
        let first = try ServiceProcess.launch("organizations-service", environment: environment)
        try await first.waitUntilReady()
        try broker.takeDownAll()
        let filing = #"""
            {"kind":"name-reservation","details":{"name":"西湖区老年人体育协会","kind":"social-group","domicileAreaCode":"330106"},
             "documents":[{"title":"名称预先核准申请表","receivedOn":"2026-11-02"}]}
            """#
        let (status, body) = try #require(await first.request("POST", "v1/filings", token: "clerk", body: filing))
        #expect(status == 201, "\(String(decoding: body, as: UTF8.self))")
        let filingId = try #require((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["filingId"] as? String)

        let stopped = ContinuousClock.now
        first.process.terminate()
        try await first.waitForExit(within: .seconds(20))
        let took = ContinuousClock.now - stopped
        print("organizations-service stopped \(took) after SIGTERM with the broker down; exit status \(first.process.terminationStatus)")
        #expect(took < .seconds(11), "grace 5 s plus the watchdog's 5 s")
        #expect(first.process.terminationReason == .exit && [3, 4].contains(first.process.terminationStatus),
                "a non-zero status: the outbox was not drained. \(String(first.errorOutput.suffix(3000)))")

        try broker.bringUpAll()
        let second = try ServiceProcess.launch("organizations-service", environment: environment)
        try await second.waitUntilReady()
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                client: KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers, clientID: "check", statisticsInterval: nil),
                groupID: "check-\(UUID().uuidString)", topics: [TopicCatalog.filing.name]),
            logger: quietLogger)
        let published = try await within(.seconds(60), "the filing's event is published after the restart") {
            for try await message in consumer.messages {
                if let data = message.value, String(decoding: data, as: UTF8.self).contains(filingId) { return true }
            }
            return false
        }
        #expect(published)
        await consumer.shutdown()
        second.process.terminate()
        try await second.waitForExit(within: .seconds(20))
        #expect(second.process.terminationReason == .exit && second.process.terminationStatus == 0,
                "drained: exit 0. \(String(second.errorOutput.suffix(3000)))")
        broker.shutdown()
    }
}
