import Foundation
import Kafka
import Logging
import ServiceKit

/// A fresh embedded cluster with one topic, for one test. Shared by the test targets.
public struct KafkaTestCluster: Sendable {
    public let broker: EmbeddedKafkaBroker
    public let topic: String

    public init(brokers: Int = 3, partitions: Int = 4, topic: String = "civil.test.\(UUID().uuidString.prefix(8).lowercased()).v1") throws {
        broker = try EmbeddedKafkaBroker(brokers: brokers, logger: quietLogger)
        self.topic = topic
        try broker.createTopic(topic, partitions: partitions, replicationFactor: min(3, brokers))
    }

    public var client: KafkaClientConfiguration {
        KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers, clientID: "test", statisticsInterval: nil)
    }

    public func producer(_ adjust: (inout KafkaProducerConfiguration) -> Void = { _ in }) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(client: client, linger: .milliseconds(1))
        adjust(&configuration)
        return try KafkaProducer(configuration: configuration, logger: quietLogger)
    }

    public func consumer(
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

public let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = ProcessInfo.processInfo.environment["KAFKA_TEST_LOG"] == nil ? .critical : .debug
    return logger
}()

public struct TimedOut: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "timed out: \(what)" }
}

/// Runs `body`, failing instead of hanging when it takes longer than `limit`, even when the
/// body is stuck in a call that ignores cancellation.
public func within<T: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    do {
        return try await withDeadline(limit, what, body)
    } catch is DeadlineExceeded {
        throw TimedOut(what: what)
    }
}

/// Reads `count` messages (marking each done), or fails after `limit`.
public func consume(
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

/// Polls `condition` until it holds, or fails after `limit`.
public func waitUntil(
    _ what: String, limit: Duration = .seconds(60), _ condition: @escaping @Sendable () -> Bool
) async throws {
    try await within(limit, what) {
        while !condition() { try await Task.sleep(for: .milliseconds(50)) }
    }
}

extension KafkaConsumerMessage {
    public var keyString: String { key.map { String(decoding: $0, as: UTF8.self) } ?? "" }
    public var valueString: String { value.map { String(decoding: $0, as: UTF8.self) } ?? "<tombstone>" }
}
