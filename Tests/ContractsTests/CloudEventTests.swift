import Contracts
import Foundation
import Kafka
import Testing

@Suite("CloudEvents envelope in Kafka binary mode")
struct CloudEventTests {
    let event = CloudEvent(
        id: "3f6c1d2e-household-registered", source: "/civil-affairs/registration",
        type: "civil.registration.household.registered.v1",
        time: Date(timeIntervalSince1970: 1_795_000_000.125), subject: "household/H-0001",
        dataSchema: "schemas/registration/household-registered.v1.json",
        data: Data(#"{"householdId":"H-0001"}"#.utf8))

    /// What a consumer would receive for a produced record.
    func consumed(_ message: KafkaProducerMessage) -> KafkaConsumerMessage {
        KafkaConsumerMessage(topic: message.topic, partition: 0, offset: 7, key: message.key,
                             value: message.value, headers: message.headers)
    }

    @Test("an event survives the trip through a Kafka record, every attribute intact")
    func roundTrip() throws {
        let message = event.kafkaMessage(topic: "civil.registration.households.v1", key: "H-0001")
        #expect(message.headers.first(named: "ce_specversion") == "1.0")
        #expect(message.headers.first(named: "content-type") == "application/json")
        #expect(message.headers.first(named: "ce_time") == "2026-11-18T11:06:40.125Z")
        #expect(try CloudEvent(kafkaMessage: consumed(message)) == event)
    }

    @Test("a batch of events gives each record what the event alone would give")
    func recordBatch() throws {
        var sibling = event
        sibling.id = "second"
        sibling.subject = "household/H-0002"
        var batch = KafkaRecordBatch(
            cloudEventsOn: "t", source: event.source, type: event.type, time: event.time, dataSchema: event.dataSchema)
        for member in [event, sibling] {
            batch.appendEvent(key: "k-\(member.id)", id: member.id, subject: member.subject!) { $0.append(contentsOf: member.data) }
        }
        #expect(batch.count == 2)
        for (record, member) in zip(batch.messages, [event, sibling]) {
            let alone = member.kafkaMessage(topic: "t", key: "k-\(member.id)")
            #expect(Set(record.headers) == Set(alone.headers))
            #expect(record.headers.count == alone.headers.count)
            #expect(record.key == alone.key)
            #expect(try CloudEvent(kafkaMessage: consumed(record)) == member)
        }
    }

    @Test("a record without a required header is refused, naming it",
          arguments: ["ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time"])
    func missingHeader(header: String) {
        var message = event.kafkaMessage(topic: "t", key: "k")
        message.headers.removeAll { $0.name == header }
        #expect(throws: CloudEventError(header: header, reason: "missing")) {
            try CloudEvent(kafkaMessage: consumed(message))
        }
    }

    @Test("malformed attributes are refused with the header and the rule")
    func malformedHeaders() {
        func refused(_ name: String, _ value: String) -> CloudEventError? {
            var message = event.kafkaMessage(topic: "t", key: "k")
            message.headers.removeAll { $0.name == name }
            message.headers.append(KafkaHeader(name: name, string: value))
            do {
                _ = try CloudEvent(kafkaMessage: consumed(message))
                return nil
            } catch {
                return error
            }
        }
        #expect(refused("ce_specversion", "0.3")?.header == "ce_specversion")
        #expect(refused("ce_time", "yesterday")?.reason.contains("RFC 3339") == true)
        #expect(refused("content-type", "application/xml")?.header == "content-type")
        #expect(refused("ce_id", "")?.reason == "empty")
    }

    @Test("a timestamp without fractional seconds is accepted")
    func wholeSecondTime() throws {
        var message = event.kafkaMessage(topic: "t", key: "k")
        message.headers.removeAll { $0.name == "ce_time" }
        message.headers.append(KafkaHeader(name: "ce_time", string: "2026-11-18T11:06:40Z"))
        let decoded = try CloudEvent(kafkaMessage: consumed(message))
        #expect(decoded.time == Date(timeIntervalSince1970: 1_795_000_000))
    }

    @Test("a tombstone is not an event")
    func tombstoneRefused() {
        let message = event.kafkaMessage(topic: "t", key: "k")
        let tombstone = KafkaConsumerMessage(topic: "t", partition: 0, offset: 1, key: message.key,
                                             value: nil, headers: message.headers)
        #expect(throws: CloudEventError.self) { try CloudEvent(kafkaMessage: tombstone) }
    }
}
