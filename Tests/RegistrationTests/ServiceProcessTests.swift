import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import Registration
import ServiceKit
import SQLKit
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The registration-service executable, started as operators start it.
@Suite("registration-service as a process", .serialized)
struct ServiceProcessTests {
    struct Started {
        let service: ServiceProcess
        let databasePath: String
        var process: Process { service.process }
    }

    static func launch(environment extra: [String: String], arguments: [String] = [], removing: Set<String> = []) throws -> Started {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registration-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let areas = folder.appendingPathComponent("areas.json")
        try JSONEncoder().encode(RegistrationFixture.areas.areas.values.sorted { $0.code < $1.code }).write(to: areas)
        let databasePath = folder.appendingPathComponent("registration.sqlite").path
        var environment = [
            "DATABASE_URL": databasePath, "AREAS_FILE": areas.path,
            "AUTH_TOKENS": "\(TokenDirectory.hash(ofToken: "caseworker")) staff-0042 registration caseworker registration",
            "PSEUDONYM_KEY": Data(repeating: 42, count: 32).base64EncodedString(), "SHUTDOWN_GRACE": "10",
        ].merging(extra) { $1 }
        for key in removing { environment.removeValue(forKey: key) }
        return Started(
            service: try ServiceProcess.launch("registration-service", environment: environment, arguments: arguments),
            databasePath: databasePath)
    }

    @Test("--help lists every setting and exits 0")
    func help() async throws {
        let started = try Self.launch(environment: [:], arguments: ["--help"])
        try await started.service.waitForExit(within: .seconds(30))
        #expect(started.process.terminationStatus == 0)
    }

    @Test("start-up stops with a message naming a missing or malformed setting")
    func startUpFailures() async throws {
        let missing = try Self.launch(environment: [:], removing: ["KAFKA_BOOTSTRAP"])
        try await missing.service.waitForExit(within: .seconds(30))
        let missingText = missing.service.errorOutput
        #expect(missing.process.terminationStatus == 2)
        #expect(missingText.contains("kafka.bootstrap (--kafka-bootstrap or KAFKA_BOOTSTRAP) is missing"))

        let malformed = try Self.launch(environment: ["KAFKA_BOOTSTRAP": "127.0.0.1:1", "PSEUDONYM_KEY": "c2hvcnQ="])
        try await malformed.service.waitForExit(within: .seconds(30))
        let malformedText = malformed.service.errorOutput
        #expect(malformed.process.terminationStatus == 2)
        #expect(malformedText.contains("pseudonym.key (--pseudonym-key or PSEUDONYM_KEY) is malformed"))
        #expect(!malformedText.contains("c2hvcnQ="), "a secret's value is never printed")
    }

    @Test("against a cluster without the catalog topics it refuses to start, naming the topic, and creates nothing")
    func missingTopicRefusal() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        defer { broker.shutdown() }
        let present = TopicCatalog.written(by: .registration).dropLast()
        try broker.createCatalogTopics(Array(present))
        let missing = TopicCatalog.written(by: .registration).last!.name
        let started = try Self.launch(environment: ["KAFKA_BOOTSTRAP": broker.bootstrapServers])
        try await started.service.waitForExit(within: .seconds(60))
        #expect(started.process.terminationStatus == 1)
        #expect(started.service.errorOutput.contains("topic \(missing), which registration needs, does not exist"))

        let admin = try KafkaAdmin(client: KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers), logger: quietLogger)
        #expect(!(try await admin.topicNames()).contains(missing), "the service created a topic it does not own")
        await admin.shutdown()
    }

    @Test("SIGTERM during a burst: every 2xx has its effect stored, and the process exits 0", .timeLimit(.minutes(3)))
    func sigtermDuringBurst() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics(TopicCatalog.written(by: .registration) + TopicCatalog.read(by: .registration))
        let started = try Self.launch(environment: ["KAFKA_BOOTSTRAP": broker.bootstrapServers])
        try await started.service.waitUntilReady()
        let created = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<150 {
                group.addTask {
                    if index == 50 { started.process.terminate() }  // SIGTERM
                    return await started.service.request("POST", "v1/households", token: "caseworker", body: #"{"areaCode":"330106001001"}"#)?.0 == 201
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        try await started.service.waitForExit(within: .seconds(30))
        #expect(started.process.terminationReason == .exit)
        #expect(started.process.terminationStatus == 0)
        print("registration-service SIGTERM burst: \(created) of 150 households created before it stopped")

        let database = try await ServiceDatabase(.sqlite(path: started.databasePath), logger: quietLogger)
        let (stored, backlog) = try await database.withConnection { database in
            (try await database.select().column("id").from("households").all().count, try await Outbox.backlog(in: database))
        }
        #expect(created > 0)
        #expect(stored == created, "a 2xx without its household, or a household without a 2xx")
        print("outbox rows left for the next start: \(backlog)")
        try await database.close()
        broker.shutdown()
    }
}
