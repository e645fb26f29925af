import Contracts
import Foundation
import Kafka
import SQLKit

/// One row of the outbox as the relay reads it. Read column by column: the relay reads
/// thousands per second, and `Decodable` through sql-kit's row decoder cost it a sixth of its
/// time (measured with `perf` on `relief-benchmark`).
struct OutboxRecord: Sendable {
    let seq: Int64
    let eventId: String
    let topic: String
    let recordKey: String
    let eventType: String?
    let source: String?
    let subject: String?
    let dataSchema: String?
    let contentType: String?
    let eventTime: Date?
    let data: Data?
    let attempts: Int

    /// The columns ``init(row:)`` reads, in the order it reads them.
    static let columns = [
        "seq", "event_id", "topic", "record_key", "event_type", "source", "subject", "data_schema", "content_type",
        "event_time", "data", "attempts",
    ]

    init(row: any SQLRow) throws {
        seq = try row.decode(column: "seq", as: Int64.self)
        eventId = try row.decode(column: "event_id", as: String.self)
        topic = try row.decode(column: "topic", as: String.self)
        recordKey = try row.decode(column: "record_key", as: String.self)
        eventType = try row.decode(column: "event_type", as: String?.self)
        source = try row.decode(column: "source", as: String?.self)
        subject = try row.decode(column: "subject", as: String?.self)
        dataSchema = try row.decode(column: "data_schema", as: String?.self)
        contentType = try row.decode(column: "content_type", as: String?.self)
        eventTime = try row.decode(column: "event_time", as: Date?.self)
        data = try row.decode(column: "data", as: Data?.self)
        attempts = try row.decode(column: "attempts", as: Int.self)
    }

    /// The Kafka record: the event in binary mode, or a tombstone.
    var kafkaMessage: KafkaProducerMessage {
        guard let data, let eventType, let source, let eventTime else {
            return KafkaProducerMessage(topic: topic, key: recordKey, value: nil)
        }
        let event = CloudEvent(
            id: eventId, source: source, type: eventType, time: eventTime, subject: subject, dataSchema: dataSchema,
            dataContentType: contentType ?? CloudEvent.jsonContentType, data: data)
        return event.kafkaMessage(topic: topic, key: recordKey)
    }
}
