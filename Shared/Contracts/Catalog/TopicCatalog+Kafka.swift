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
