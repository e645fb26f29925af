import Contracts
import Foundation
import Kafka

/// One row of the outbox as the relay reads it.
struct OutboxRecord: Decodable, Sendable {
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

    enum CodingKeys: String, CodingKey {
        case seq, topic, data, attempts, source, subject
        case eventId = "event_id"
        case recordKey = "record_key"
        case eventType = "event_type"
        case dataSchema = "data_schema"
        case contentType = "content_type"
        case eventTime = "event_time"
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
