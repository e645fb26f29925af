import Alerts
import CRdKafkaBaseline
import Contracts
import Foundation
import Kafka

/// The C baseline of a fan-out: `count` records shaped like the dispatch worker's notifications
/// (the same JSON value, the same eight CloudEvents headers, keyed by a pseudonym, each with its
/// own id and key) produced by a plain C loop over librdkafka to `topic` on the same broker.
/// Returns records/s, or nil when the loop failed.
func cBaselineRecordsPerSecond(bootstrap: String, topic: String, count: Int) -> Double? {
    let recipient = "p_" + String(repeating: "0", count: 32)
    let id = NotificationID.make(alertId: "city-wide-baseline", recipientId: recipient, channel: .sms)
    let time = Date()
    let value = NotificationJSON(alertId: "city-wide-baseline", text: "台风预警：请做好防台准备", exercise: false, requestedAt: time)
        .encode(notificationId: id, recipientId: recipient, role: .resident, channel: .sms, address: "13000000000", priority: 1)
    let message = CloudEvent(
        id: id, source: NotificationRequested.topic.writer.eventSource, type: NotificationRequested.eventType, time: time,
        subject: recipient, dataSchema: NotificationRequested.dataSchema, data: value
    ).kafkaMessage(topic: topic, key: recipient)
    let bytes = [UInt8](value)
    guard let idOffset = bytes.firstRange(of: Array(id.utf8))?.lowerBound,
          let keyOffset = bytes.firstRange(of: Array(recipient.utf8))?.lowerBound,
          let idHeader = message.headers.firstIndex(where: { $0.stringValue == id }),
          let keyHeader = message.headers.firstIndex(where: { $0.stringValue == recipient })
    else { return nil }
    let names = message.headers.map { strdup($0.name) }
    let values = message.headers.map { strdup($0.stringValue ?? "") }
    defer { (names + values).forEach { free($0) } }
    let seconds = bytes.withUnsafeBufferPointer { value in
        names.map { $0.map { UnsafePointer($0) } }.withUnsafeBufferPointer { names in
            values.map { $0.map { UnsafePointer($0) } }.withUnsafeBufferPointer { values in
                value.baseAddress!.withMemoryRebound(to: CChar.self, capacity: value.count) { value in
                    civil_baseline_produce_records(
                        bootstrap, topic, Int32(count), value, Int32(bytes.count), Int32(idOffset), Int32(keyOffset),
                        Int32(names.count), names.baseAddress, values.baseAddress, Int32(idHeader), Int32(keyHeader))
                }
            }
        }
    }
    return seconds > 0 ? Double(count) / seconds : nil
}
