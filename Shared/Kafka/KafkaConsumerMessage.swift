import Foundation

/// A consumed record. `value == nil` is a tombstone (a deleted key on a compacted topic).
public struct KafkaConsumerMessage: Sendable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    /// The key and the value of a consumed message are slices of one buffer that holds its
    /// batch's keys and values: index them from `startIndex`, not 0. Keeping one for long keeps
    /// that buffer; keep a copy instead (`Data(value.withUnsafeBytes { Array($0) })`).
    public let key: Data?
    public let value: Data?
    /// The record's timestamp (create time or log-append time), if it has one.
    public let timestamp: Date?
    private let headerSource: HeaderSource

    /// Where the headers are: given, or read from the consumed record on first asking (see
    /// `RDKafkaRecords`).
    private enum HeaderSource: Sendable {
        case given([KafkaHeader])
        case record(RDKafkaRecords, index: Int)
    }

    public init(
        topic: String, partition: Int32, offset: Int64, key: Data?, value: Data?,
        headers: [KafkaHeader] = [], timestamp: Date? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headerSource = .given(headers)
        self.timestamp = timestamp
    }

    init(
        topic: String, partition: Int32, offset: Int64, key: Data?, value: Data?,
        headersOf records: RDKafkaRecords, at index: Int, timestamp: Date?
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headerSource = .record(records, index: index)
        self.timestamp = timestamp
    }

    /// Read from the consumed record the first time anyone asks (librdkafka parses them on
    /// demand, at a cost even for a record without headers); the same answer every time,
    /// also after the consumer has closed.
    public var headers: [KafkaHeader] {
        switch headerSource {
        case .given(let headers): headers
        case .record(let records, let index): records.headers(at: index)
        }
    }

    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }
    public var isTombstone: Bool { value == nil }
}
