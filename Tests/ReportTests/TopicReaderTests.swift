import Contracts
import Foundation
import Kafka
import KafkaTestSupport
@testable import Report
import Synchronization
import Testing

/// The report's reader: every analytics-safe and public topic to the end it had at the start,
/// never a restricted one, each event once, then only what is new; a rebuilt store reads all again.
@Suite("civil-report reads the topics", .serialized)
struct TopicReaderTests {
    static func send(_ producer: KafkaProducer, _ event: some CivilEvent, id: String) async throws {
        let envelope = try event.cloudEvent(id: id, time: Date())
        _ = try await producer.send(envelope.kafkaMessage(topic: type(of: event).topic.name, key: event.partitionKey))
    }

    @Test("public and analytics-safe topics only; a republished event kept once; a record that is no event passed over; then only what is new; rebuilt from the start",
          .timeLimit(.minutes(3)))
    func readsToTheEnd() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                client: KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers, clientID: "test", statisticsInterval: nil),
                linger: .milliseconds(1)),
            logger: quietLogger)
        try await Self.send(producer, FilingStatus.example, id: "filing-1")
        try await Self.send(producer, FilingStatus.example, id: "filing-1")  // the outbox relay's redelivery
        try await Self.send(producer, OrganizationRecord.example, id: "organization-1")
        try await Self.send(producer, PersonContact.example, id: "contact-1")  // names and phones: never read
        _ = try await producer.send(KafkaProducerMessage(topic: TopicCatalog.filing.name, key: Data("x".utf8), value: Data("not an event".utf8)))

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).sqlite").path
        let client = KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers)
        var store = try await ReportStore.open(at: path, rebuild: false, logger: quietLogger)
        let seen = ProgressLog()
        let first = try await TopicReader(client: client, store: store, logger: quietLogger).read { seen.append($0) }
        #expect(first.missing.isEmpty)
        var read = first.read
        #expect(read[TopicCatalog.filing.name] == 3 && read[TopicCatalog.organization.name] == 1)
        #expect(read[TopicCatalog.contact.name] == nil, "a restricted topic is not subscribed")
        #expect(TopicReader.topics.count >= 20 && TopicReader.topics.allSatisfy { $0.classification != .restricted })
        #expect(try await store.decoded(FilingStatus.self).map(\.event) == [FilingStatus.example], "kept once by ce_id")
        #expect(try await store.counts()[TopicCatalog.contact.name] == nil)
        #expect(seen.last?.allSatisfy { $0.left == 0 } == true && seen.last?.contains { $0.topic == TopicCatalog.filing.name && $0.read == 3 } == true)

        // Read again: only the new record.
        try await Self.send(producer, OrganizationRecord.minimalExample, id: "organization-2")
        read = try await TopicReader(client: client, store: store, logger: quietLogger).read().read
        #expect(read.values.reduce(0, +) == 1 && read[TopicCatalog.organization.name] == 1)
        #expect(try await store.decoded(OrganizationRecord.self).count == 2)
        try await store.close()

        // Rebuilt: everything from the start, under a new consumer group.
        store = try await ReportStore.open(at: path, rebuild: true, logger: quietLogger)
        read = try await TopicReader(client: client, store: store, logger: quietLogger).read().read
        #expect(read.values.reduce(0, +) == 5)
        let (organizations, filings) = (try await store.decoded(OrganizationRecord.self), try await store.decoded(FilingStatus.self))
        #expect(organizations.count == 2 && filings.count == 1)
        try await store.close()
        await producer.shutdown()
        broker.shutdown()
    }
}

/// What the reader reported, in order.
final class ProgressLog: Sendable {
    private let entries = Mutex<[[TopicReader.Progress]]>([])
    func append(_ progress: [TopicReader.Progress]) { entries.withLock { $0.append(progress) } }
    var last: [TopicReader.Progress]? { entries.withLock { $0.last } }
}
