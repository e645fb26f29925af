/// Where a produced record landed, or why it could not be delivered.
public struct KafkaDeliveryReport: Sendable {
    /// The id `KafkaProducer.enqueue` returned for the record.
    public let messageID: UInt64
    public let topic: String
    public let partition: Int32
    /// The record's offset in the partition; -1 when not delivered.
    public let offset: Int64
    /// `nil` when the broker acknowledged the record.
    public let error: KafkaError?

    public var isDelivered: Bool { error == nil }
}
