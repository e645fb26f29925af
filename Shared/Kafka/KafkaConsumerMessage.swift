import Foundation

/// A consumed record. `value == nil` is a tombstone (a deleted key on a compacted topic).
public struct KafkaConsumerMessage: Sendable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let key: Data?
    public let value: Data?
    public let headers: [KafkaHeader]
    /// The record's timestamp (create time or log-append time), if it has one.
    public let timestamp: Date?

    public init(
        topic: String, partition: Int32, offset: Int64, key: Data?, value: Data?,
        headers: [KafkaHeader] = [], timestamp: Date? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }
    public var isTombstone: Bool { value == nil }
}
