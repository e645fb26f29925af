import struct Foundation.Data

/// A record to produce. A `nil` value is a tombstone: on a compacted topic it deletes the key.
public struct KafkaProducerMessage: Sendable {
    public var topic: String
    /// `nil` lets librdkafka's partitioner choose from the key (same key, same partition).
    public var partition: Int32?
    public var key: Data?
    public var value: Data?
    public var headers: [KafkaHeader]

    public init(topic: String, partition: Int32? = nil, key: Data?, value: Data?, headers: [KafkaHeader] = []) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
    }

    public init(topic: String, key: String, value: Data?, headers: [KafkaHeader] = []) {
        self.init(topic: topic, key: Data(utf8Of: key), value: value, headers: headers)
    }
}
