import CRdKafka
import Logging

/// What a topic should be: the catalog's entry in the form brokers take.
public struct KafkaTopicSpecification: Sendable, Hashable {
    public var name: String
    public var partitions: Int
    public var replicationFactor: Int
    /// Topic configuration, e.g. `cleanup.policy=compact`, `retention.ms`.
    public var config: [String: String]

    public init(name: String, partitions: Int, replicationFactor: Int, config: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
    }
}

/// A topic as the cluster has it.
public struct KafkaTopicDescription: Sendable {
    public struct Partition: Sendable {
        public let id: Int32
        public let leader: Int32
        public let replicas: [Int32]
        public let inSyncReplicas: [Int32]
    }

    public let name: String
    public let partitions: [Partition]
}

/// Creates and describes topics on a real cluster. (The embedded broker creates topics
/// through `EmbeddedKafkaBroker.createTopic`: librdkafka 2.0.2's mock cluster does not
/// implement the CreateTopics request.)
public final class KafkaAdmin: Sendable {
    private let handle: RDKafkaHandle

    public init(client: KafkaClientConfiguration, logger: Logger = Logger(label: "kafka.admin")) throws {
        var properties = client.librdkafkaProperties.filter { $0.0 != "statistics.interval.ms" }
        properties += client.properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        handle = try RDKafkaHandle(
            kind: RD_KAFKA_PRODUCER, properties: properties,
            callbacks: RDKafkaCallbacks(logger: logger, statistics: RDKafkaStatistics(clientID: client.clientID)))
    }

    /// Creates the topics that do not exist yet; one that already exists counts as success, so
    /// running it at every start-up is safe. It does not change an existing topic.
    public func createTopics(_ topics: [KafkaTopicSpecification], timeout: Duration = .seconds(30)) async throws {
        guard !topics.isEmpty else { return }
        let handle = handle
        let failures: [KafkaError] = await onBlockingThread("kafka-create-topics") {
            var errorText = [CChar](repeating: 0, count: 512)
            var newTopics: [OpaquePointer?] = []
            defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
            for topic in topics {
                guard let newTopic = rd_kafka_NewTopic_new(
                    topic.name, Int32(topic.partitions), Int32(topic.replicationFactor), &errorText, errorText.count)
                else {
                    return [KafkaError(stage: .admin, code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue,
                                       message: "topic \(topic.name): \(errorText.nullTerminatedString)")]
                }
                for (name, value) in topic.config.sorted(by: { $0.key < $1.key }) {
                    _ = rd_kafka_NewTopic_set_config(newTopic, name, value)
                }
                newTopics.append(newTopic)
            }
            let queue = rd_kafka_queue_new(handle.pointer)
            defer { rd_kafka_queue_destroy(queue) }
            let options = rd_kafka_AdminOptions_new(handle.pointer, RD_KAFKA_ADMIN_OP_CREATETOPICS)
            defer { rd_kafka_AdminOptions_destroy(options) }
            _ = rd_kafka_AdminOptions_set_operation_timeout(options, Int32(timeout.milliseconds), &errorText, errorText.count)
            _ = rd_kafka_AdminOptions_set_request_timeout(options, Int32(timeout.milliseconds), &errorText, errorText.count)
            newTopics.withUnsafeMutableBufferPointer { rd_kafka_CreateTopics(handle.pointer, $0.baseAddress, $0.count, options, queue) }

            guard let event = rd_kafka_queue_poll(queue, Int32(timeout.milliseconds) + 5000) else {
                return [KafkaError(stage: .admin, code: RD_KAFKA_RESP_ERR__TIMED_OUT, context: "create topics")]
            }
            defer { rd_kafka_event_destroy(event) }
            let code = rd_kafka_event_error(event)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                return [KafkaError(stage: .admin, code: code, context: "create topics")]
            }
            guard let result = rd_kafka_event_CreateTopics_result(event) else { return [] }
            var count = 0
            let results = rd_kafka_CreateTopics_result_topics(result, &count)
            return (0..<count).compactMap { index -> KafkaError? in
                let topicResult = results![index]
                let code = rd_kafka_topic_result_error(topicResult)
                guard code != RD_KAFKA_RESP_ERR_NO_ERROR, code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else { return nil }
                let name = String(cString: rd_kafka_topic_result_name(topicResult))
                return KafkaError(stage: .admin, code: code, context: "create topic \(name)")
            }
        }
        if let first = failures.first { throw first }
    }

    /// The partitions of a topic with their leaders and replicas. Throws `UNKNOWN_TOPIC_OR_PART`
    /// for a topic the cluster does not have, so a service can refuse to start without it.
    public func describeTopic(_ name: String, timeout: Duration = .seconds(10)) async throws -> KafkaTopicDescription {
        let handle = handle
        let result: Result<KafkaTopicDescription, KafkaError> = await onBlockingThread("kafka-describe-topic") {
            guard let topic = rd_kafka_topic_new(handle.pointer, name, nil) else {
                return .failure(KafkaError(stage: .admin, code: RD_KAFKA_RESP_ERR__INVALID_ARG, context: "topic \(name)"))
            }
            defer { rd_kafka_topic_destroy(topic) }
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let code = rd_kafka_metadata(handle.pointer, 0, topic, &metadata, Int32(timeout.milliseconds))
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                return .failure(KafkaError(stage: .admin, code: code, context: "describe \(name)"))
            }
            defer { rd_kafka_metadata_destroy(metadata) }
            guard metadata.pointee.topic_cnt > 0 else {
                return .failure(KafkaError(stage: .admin, code: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, context: name))
            }
            let described = metadata.pointee.topics[0]
            guard described.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                return .failure(KafkaError(stage: .admin, code: described.err, context: name))
            }
            let partitions = (0..<Int(described.partition_cnt)).map { index in
                let partition = described.partitions[index]
                return KafkaTopicDescription.Partition(
                    id: partition.id, leader: partition.leader,
                    replicas: Array(UnsafeBufferPointer(start: partition.replicas, count: Int(partition.replica_cnt))),
                    inSyncReplicas: Array(UnsafeBufferPointer(start: partition.isrs, count: Int(partition.isr_cnt))))
            }
            return .success(KafkaTopicDescription(name: name, partitions: partitions.sorted { $0.id < $1.id }))
        }
        return try result.get()
    }

    /// The names of every topic on the cluster, in one metadata request. Asking for all topics
    /// never creates one, whereas asking for a topic by name may (the embedded broker, and real
    /// brokers with `auto.create.topics.enable`), so this is how to learn which topics are missing.
    public func topicNames(timeout: Duration = .seconds(10)) async throws -> Set<String> {
        let handle = handle
        let result: Result<Set<String>, KafkaError> = await onBlockingThread("kafka-list-topics") {
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let code = rd_kafka_metadata(handle.pointer, 1, nil, &metadata, Int32(timeout.milliseconds))
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                return .failure(KafkaError(stage: .admin, code: code, context: "list topics"))
            }
            defer { rd_kafka_metadata_destroy(metadata) }
            let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
            return .success(Set(topics.filter { $0.err == RD_KAFKA_RESP_ERR_NO_ERROR }.map { String(cString: $0.topic) }))
        }
        return try result.get()
    }

    /// Closes the admin client's connections.
    public func shutdown() async {
        let handle = handle
        await onBlockingThread("kafka-admin-close") { handle.destroy() }
    }
}
