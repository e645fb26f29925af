import Foundation
import Kafka

extension KafkaRecordBatch {
    /// A batch of events of one type from one source, with one time and schema, each with an id
    /// and a subject of its own: a fan-out's records, with the headers `CloudEvent.kafkaMessage`
    /// writes (the CloudEvents Kafka binding, binary content mode).
    public init(
        cloudEventsOn topic: String, source: String, type: String, time: Date, dataSchema: String?,
        dataContentType: String = CloudEvent.jsonContentType, reservingCapacity records: Int = 0, bytesPerRecord: Int = 0
    ) {
        var shared = [
            KafkaHeader(name: CloudEvent.Header.contentType, string: dataContentType),
            KafkaHeader(name: CloudEvent.Header.source, string: source),
            KafkaHeader(name: CloudEvent.Header.type, string: type),
            KafkaHeader(name: CloudEvent.Header.specVersion, string: CloudEvent.specVersion),
            KafkaHeader(name: CloudEvent.Header.time, string: CloudEvent.formattedTime(time)),
        ]
        if let dataSchema { shared.append(KafkaHeader(name: CloudEvent.Header.dataSchema, string: dataSchema)) }
        self.init(
            topic: topic, sharedHeaders: shared, recordHeaderNames: [CloudEvent.Header.id, CloudEvent.Header.subject],
            reservingCapacity: records, bytesPerRecord: bytesPerRecord)
    }

    /// Adds an event keyed by `key` (the topic's partitioning key), whose JSON data `data`
    /// appends to the buffer it is given.
    public mutating func appendEvent(key: String, id: String, subject: String, data: (inout [UInt8]) -> Void) {
        startRecord(key: key)
        addHeaderValue(id)
        addHeaderValue(subject)
        endRecord(value: data)
    }
}
