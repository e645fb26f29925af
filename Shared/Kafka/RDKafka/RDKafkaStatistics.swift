import Foundation
import Metrics

/// Turns librdkafka's periodic statistics JSON into swift-metrics gauges, so that consumer lag,
/// local queue depth and broker round-trip time reach `/metrics` without any code of the caller.
struct RDKafkaStatistics: Sendable {
    let clientID: String

    func record(json: UnsafeRawBufferPointer) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else { return }
        let client = ("client", clientID)
        if let queued = object["msg_cnt"] as? Int {
            Gauge(label: "kafka_client_queue_messages", dimensions: [client]).record(queued)
        }
        if let brokers = object["brokers"] as? [String: Any] {
            for (name, value) in brokers {
                guard let broker = value as? [String: Any], let rtt = broker["rtt"] as? [String: Any],
                      let average = rtt["avg"] as? Int, average > 0 else { continue }
                Gauge(label: "kafka_broker_rtt_microseconds", dimensions: [client, ("broker", name)]).record(average)
            }
        }
        if let topics = object["topics"] as? [String: Any] {
            for (topic, value) in topics {
                guard let partitions = (value as? [String: Any])?["partitions"] as? [String: Any] else { continue }
                for (partition, value) in partitions where partition != "-1" {
                    guard let lag = (value as? [String: Any])?["consumer_lag"] as? Int, lag >= 0 else { continue }
                    Gauge(
                        label: "kafka_consumer_lag_messages",
                        dimensions: [client, ("topic", topic), ("partition", partition)]
                    ).record(lag)
                }
            }
        }
    }
}
