import Foundation
import Kafka
import KafkaTestSupport
import Logging
import Metrics
import MetricsTestKit
import Synchronization
import Testing

@Suite("librdkafka logs and statistics", .serialized)
struct ObservabilityTests {
    @Test("librdkafka's logs go to swift-log with their facility")
    func logsReachSwiftLog() async throws {
        let logs = CapturedLogs()
        // Nothing listens on port 1 of loopback: librdkafka logs the failed connection.
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                client: KafkaClientConfiguration(bootstrapServers: "127.0.0.1:1", statisticsInterval: nil)),
            logger: logs.logger)
        try await waitUntil("a librdkafka log record", limit: .seconds(20)) {
            logs.records.withLock { records in records.contains { $0.2?["rdkafka.facility"] != nil } }
        }
        let record = logs.records.withLock { $0.first { $0.2?["rdkafka.facility"] != nil } }
        #expect(record?.0 ?? .trace >= .notice)
        await producer.shutdown()
    }

    @Test("statistics become gauges: queue depth, broker round trip, consumer lag")
    func statisticsBecomeMetrics() async throws {
        let metrics = testMetrics
        let cluster = try KafkaTestCluster(partitions: 1)
        var client = cluster.client
        client.clientID = "stats-test"
        client.statisticsInterval = .milliseconds(100)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: quietLogger)
        for index in 0..<20 {
            try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "k", value: Data("\(index)".utf8)))
        }
        var consumerConfiguration = KafkaConsumerConfiguration(client: client, groupID: "stats", topics: [cluster.topic])
        consumerConfiguration.client.clientID = "stats-consumer"
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: quietLogger)
        _ = try await consume(consumer, count: 5)
        // Statistics are served by the consumer's polls: keep iterating, as a service does.
        let iterating = Task { for try await _ in consumer.messages {} }

        try await waitUntil("statistics reported", limit: .seconds(20)) {
            !metrics.recorders(label: "kafka_client_queue_messages").isEmpty
                && !metrics.recorders(label: "kafka_broker_rtt_microseconds").isEmpty
                && metrics.recorders(label: "kafka_consumer_lag_messages").contains { recorder in
                    recorder.dimensions.contains { $0 == ("client", "stats-consumer") } && recorder.lastValue != nil
                }
        }
        let producerQueue = metrics.recorders(label: "kafka_client_queue_messages")
            .first { $0.dimensions.contains { $0 == ("client", "stats-test") } }
        #expect(producerQueue?.lastValue == 0)
        let lag = metrics.recorders(label: "kafka_consumer_lag_messages")
            .first { $0.dimensions.contains { $0 == ("client", "stats-consumer") } }
        #expect(lag?.lastValue == 15)
        await consumer.shutdown()
        try await iterating.value
        await producer.shutdown()
    }
}
