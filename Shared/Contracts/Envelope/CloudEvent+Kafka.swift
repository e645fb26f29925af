import Foundation
import Kafka

/// CloudEvents Kafka protocol binding, binary content mode.
extension CloudEvent {
    enum Header {
        static let contentType = "content-type"
        static let id = "ce_id"
        static let source = "ce_source"
        static let type = "ce_type"
        static let specVersion = "ce_specversion"
        static let time = "ce_time"
        static let subject = "ce_subject"
        static let dataSchema = "ce_dataschema"
    }

    /// The record that carries this event on `topic`, keyed by `key` (the partitioning key of
    /// the topic's catalog entry).
    public func kafkaMessage(topic: String, key: String) -> KafkaProducerMessage {
        var headers: [KafkaHeader] = []
        headers.reserveCapacity(8)
        headers.append(KafkaHeader(name: Header.contentType, string: dataContentType))
        headers.append(KafkaHeader(name: Header.id, string: id))
        headers.append(KafkaHeader(name: Header.source, string: source))
        headers.append(KafkaHeader(name: Header.type, string: type))
        headers.append(KafkaHeader(name: Header.specVersion, string: Self.specVersion))
        headers.append(KafkaHeader(name: Header.time, string: Self.formattedTime(time)))
        if let subject { headers.append(KafkaHeader(name: Header.subject, string: subject)) }
        if let dataSchema { headers.append(KafkaHeader(name: Header.dataSchema, string: dataSchema)) }
        return KafkaProducerMessage(topic: topic, key: key, value: data, headers: headers)
    }

    /// Reads an event from a consumed record.
    /// - Throws: `CloudEventError` naming the first missing or malformed header, or the value
    ///   when the record is a tombstone.
    public init(kafkaMessage message: KafkaConsumerMessage) throws(CloudEventError) {
        let headers = message.headers
        func required(_ name: String) throws(CloudEventError) -> String {
            guard let value = headers.first(named: name) else {
                throw CloudEventError(header: name, reason: "missing")
            }
            guard !value.isEmpty else { throw CloudEventError(header: name, reason: "empty") }
            return value
        }
        let specVersion = try required(Header.specVersion)
        guard specVersion == Self.specVersion else {
            throw CloudEventError(header: Header.specVersion, reason: "'\(specVersion)' is not \(Self.specVersion)")
        }
        let timeText = try required(Header.time)
        guard let time = Self.parseTime(timeText) else {
            throw CloudEventError(header: Header.time, reason: "'\(timeText)' is not an RFC 3339 timestamp")
        }
        let contentType = headers.first(named: Header.contentType) ?? Self.jsonContentType
        guard contentType.hasPrefix(Self.jsonContentType) else {
            throw CloudEventError(header: Header.contentType, reason: "'\(contentType)' is not \(Self.jsonContentType)")
        }
        guard let data = message.value else {
            throw CloudEventError(header: "value", reason: "a tombstone carries no event")
        }
        self.init(
            id: try required(Header.id), source: try required(Header.source), type: try required(Header.type),
            time: time, subject: headers.first(named: Header.subject),
            dataSchema: headers.first(named: Header.dataSchema), dataContentType: contentType, data: data)
    }

    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `ce_time` as this binding writes it.
    public static func formattedTime(_ time: Date) -> String { time.formatted(timeFormat) }

    private static func parseTime(_ text: String) -> Date? {
        (try? timeFormat.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
