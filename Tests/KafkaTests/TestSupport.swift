import Foundation
import Kafka
import Logging
import Testing

/// A fresh embedded cluster with one topic, for one test.
struct KafkaTestCluster {
    let broker: EmbeddedKafkaBroker
    let topic: String

    init(brokers: Int = 3, partitions: Int = 4, topic: String = "civil.test.\(UUID().uuidString.prefix(8).lowercased()).v1") throws {
        broker = try EmbeddedKafkaBroker(brokers: brokers, logger: quietLogger)
        self.topic = topic
        try broker.createTopic(topic, partitions: partitions, replicationFactor: min(3, brokers))
    }

    var client: KafkaClientConfiguration {
        KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers, clientID: "test", statisticsInterval: nil)
    }

    func producer(_ adjust: (inout KafkaProducerConfiguration) -> Void = { _ in }) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(client: client, linger: .milliseconds(1))
        adjust(&configuration)
        return try KafkaProducer(configuration: configuration, logger: quietLogger)
    }

    func consumer(
        group: String = "group-\(UUID().uuidString.prefix(6))",
        _ adjust: (inout KafkaConsumerConfiguration) -> Void = { _ in }
    ) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(
            client: client, groupID: group, topics: [topic], commitInterval: .milliseconds(200),
            closeTimeout: .seconds(5))
        configuration.client.properties["session.timeout.ms"] = "6000"
        configuration.client.properties["heartbeat.interval.ms"] = "500"
        adjust(&configuration)
        return try KafkaConsumer(configuration: configuration, logger: quietLogger)
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = ProcessInfo.processInfo.environment["KAFKA_TEST_LOG"] == nil ? .critical : .debug
    return logger
}()

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out: \(what)" }
}

/// Runs `body`, failing instead of hanging when it takes longer than `limit`.
func within<T: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        guard let first = try await group.next(), let value = first else {
            group.cancelAll()
            throw TimedOut(what: what)
        }
        group.cancelAll()
        return value
    }
}

/// Reads `count` messages (marking each done), or fails after `limit`.
func consume(
    _ consumer: KafkaConsumer, count: Int, within limit: Duration = .seconds(60)
) async throws -> [KafkaConsumerMessage] {
    try await within(limit, "consume \(count) messages") {
        var received: [KafkaConsumerMessage] = []
        received.reserveCapacity(count)
        for try await message in consumer.messages {
            received.append(message)
            consumer.markDone(message)
            if received.count == count { break }
        }
        return received
    }
}

extension KafkaConsumerMessage {
    var keyString: String { key.map { String(decoding: $0, as: UTF8.self) } ?? "" }
    var valueString: String { value.map { String(decoding: $0, as: UTF8.self) } ?? "<tombstone>" }
}
