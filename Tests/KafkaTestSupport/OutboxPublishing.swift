import Foundation
import Kafka
import ServiceKit

/// Runs an outbox relay until `database`'s outbox is empty, then stops it.
public func publishOutbox(of database: ServiceDatabase, to broker: EmbeddedKafkaBroker) async throws {
    let client = KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers, clientID: "test", statisticsInterval: nil)
    let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client, linger: .milliseconds(1)), logger: quietLogger)
    let relay = OutboxRelay(
        database: database, producer: producer,
        configuration: .init(idleInterval: .milliseconds(20), backoff: Backoff(initial: .milliseconds(50), maximum: .seconds(1))),
        logger: quietLogger)
    let relaying = Task { try await relay.run() }
    try await within(.seconds(60), "outbox drained") {
        while try await database.withConnection({ try await Outbox.backlog(in: $0) }) > 0 {
            try await Task.sleep(for: .milliseconds(50))
        }
    }
    relaying.cancel()
    _ = await relaying.result
    await producer.shutdown()
}

/// The first `count` records on `topic`, read by a new consumer group from the beginning.
public func records(on topic: String, count: Int, from broker: EmbeddedKafkaBroker) async throws -> [KafkaConsumerMessage] {
    let client = KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers, clientID: "test", statisticsInterval: nil)
    let consumer = try KafkaConsumer(
        configuration: KafkaConsumerConfiguration(client: client, groupID: "read-\(UUID().uuidString)", topics: [topic]),
        logger: quietLogger)
    let records = try await consume(consumer, count: count, within: .seconds(30))
    await consumer.shutdown()
    return records
}
