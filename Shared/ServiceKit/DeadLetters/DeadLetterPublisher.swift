import Foundation
import Kafka
import Metrics

/// Sends a record that cannot be processed to its topic's `.dlq`, unchanged, with headers that
/// say where it came from and why it was refused, so that an operator can fix and replay it.
public struct DeadLetterPublisher: Sendable {
    public enum Header {
        public static let originTopic = "dlq_origin_topic"
        public static let originPartition = "dlq_origin_partition"
        public static let originOffset = "dlq_origin_offset"
        public static let error = "dlq_error"
        public static let time = "dlq_time"
        public static let consumer = "dlq_consumer"
    }

    private let producer: KafkaProducer
    /// Who refused the record: the consumer group, usually.
    private let consumer: String

    public init(producer: KafkaProducer, consumer: String) {
        self.producer = producer
        self.consumer = consumer
    }

    public static func deadLetterTopic(for topic: String) -> String { topic + ".dlq" }

    /// Returns once the broker has the dead letter.
    /// - Parameter error: the reason, which must not contain personal data.
    public func publish(_ message: KafkaConsumerMessage, error: String) async throws {
        let headers = message.headers + [
            KafkaHeader(name: Header.originTopic, string: message.topic),
            KafkaHeader(name: Header.originPartition, string: String(message.partition)),
            KafkaHeader(name: Header.originOffset, string: String(message.offset)),
            KafkaHeader(name: Header.error, string: error),
            KafkaHeader(name: Header.time, string: Date().formatted(.iso8601)),
            KafkaHeader(name: Header.consumer, string: consumer),
        ]
        try await producer.send(KafkaProducerMessage(
            topic: Self.deadLetterTopic(for: message.topic), key: message.key, value: message.value, headers: headers))
        Counter(label: "dead_letters_total", dimensions: [("topic", message.topic)]).increment()
    }
}
