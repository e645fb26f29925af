import Kafka

extension TopicSpec {
    /// What to create on a real cluster. The dead-letter topic has one partition: it is read by
    /// people, rarely, and its order is then the order of failure.
    public func kafkaSpecifications(replicationFactor: Int) -> [KafkaTopicSpecification] {
        [
            KafkaTopicSpecification(
                name: name, partitions: partitions, replicationFactor: replicationFactor, config: kafkaConfig),
            KafkaTopicSpecification(
                name: deadLetterTopic, partitions: 1, replicationFactor: replicationFactor,
                config: ["cleanup.policy": "delete", "retention.ms": String(Self.deadLetterRetention.milliseconds)]),
        ]
    }
}

extension KafkaAdmin {
    /// Creates the given catalog topics and their dead-letter topics; existing ones are left as
    /// they are. A service creates only the topics it writes.
    public func createCatalogTopics(_ topics: [TopicSpec], replicationFactor: Int = 3) async throws {
        try await createTopics(topics.flatMap { $0.kafkaSpecifications(replicationFactor: replicationFactor) })
    }
}

extension EmbeddedKafkaBroker {
    /// Creates every catalog topic and its dead-letter topic (the embedded broker keeps no data,
    /// so it starts empty each time).
    public func createCatalogTopics(_ topics: [TopicSpec] = TopicCatalog.all) throws {
        for topic in topics {
            for specification in topic.kafkaSpecifications(replicationFactor: min(3, brokerCount)) {
                try createTopic(specification.name, partitions: specification.partitions,
                                replicationFactor: specification.replicationFactor)
            }
        }
    }
}

/// A topic a service needs is not on the cluster: the service does not create it (topics are the
/// operators', made from the catalog with `civil-topics --create`), so it refuses to start.
public struct MissingTopicError: Error, Sendable, CustomStringConvertible {
    public let topic: String
    public let service: CivilService

    public var description: String {
        "topic \(topic), which \(service.rawValue) needs, does not exist on the cluster; "
            + "create the catalog topics first (civil-topics --create <bootstrap servers>)"
    }
}

extension KafkaAdmin {
    /// Checks that every topic `service` writes or reads, and the dead-letter topics of those it
    /// reads, exist. A cluster that does not answer is not a missing topic: then the service
    /// starts and its readiness reports Kafka until the cluster is back. The check lists the
    /// cluster's topics rather than asking for each by name, because asking by name creates the
    /// topic on a cluster that auto-creates (the embedded broker does, always).
    /// - Throws: ``MissingTopicError`` for the first needed topic the cluster does not have.
    public func requireCatalogTopics(of service: CivilService, timeout: Duration = .seconds(10)) async throws {
        let read = TopicCatalog.read(by: service)
        let needed = TopicCatalog.written(by: service).map(\.name) + read.map(\.name) + read.map(\.deadLetterTopic)
        guard let existing = try? await topicNames(timeout: timeout) else { return }
        if let missing = needed.first(where: { !existing.contains($0) }) {
            throw MissingTopicError(topic: missing, service: service)
        }
    }
}
