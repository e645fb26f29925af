import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import ServiceKit

/// An embedded cluster with the shelter topic and its dead-letter topic, and a database, for
/// one outbox or inbox test.
struct BackboneFixture: Sendable {
    let cluster: KafkaTestCluster
    let database: ServiceDatabase
    var topic: String { cluster.topic }
    var deadLetterTopic: String { TopicCatalog.shelter.deadLetterTopic }

    init(_ kind: TestDatabase, migrations: [DatabaseMigration] = []) async throws {
        cluster = try KafkaTestCluster(partitions: TopicCatalog.shelter.partitions, topic: TopicCatalog.shelter.name)
        try cluster.broker.createTopic(TopicCatalog.shelter.deadLetterTopic, partitions: 1, replicationFactor: 3)
        database = try await kind.open(migrations: [Outbox.migration, Inbox.migration] + migrations)
    }

    /// Runs the fixture's relay in a task of its own, until `stop()`.
    func startRelay(_ producer: KafkaProducer, idleInterval: Duration = .milliseconds(20)) -> RunningRelay {
        let relay = relay(producer, idleInterval: idleInterval)
        return RunningRelay(task: Task { try await relay.run() })
    }

    func relay(_ producer: KafkaProducer, idleInterval: Duration = .milliseconds(20)) -> OutboxRelay {
        OutboxRelay(
            database: database, producer: producer,
            configuration: OutboxRelay.Configuration(
                batchSize: 500, idleInterval: idleInterval,
                backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(500))),
            logger: quietLogger)
    }

    /// Adds shelter updates `sequences` for shelters 0..<`shelters`, sequence by sequence, in
    /// one transaction.
    func appendShelterUpdates(sequences: Range<Int>, shelters: Int) async throws {
        try await database.transaction { database in
            for sequence in sequences {
                for shelter in 0..<shelters {
                    try await Outbox.append(ShelterStatusFixture.update(shelter: shelter, sequence: sequence), in: database)
                }
            }
        }
    }

    func backlog() async throws -> Int {
        try await database.withConnection { try await Outbox.backlog(in: $0) }
    }

    /// Waits until the relay has published everything.
    func waitForEmptyOutbox(within limit: Duration = .seconds(90)) async throws {
        try await within(limit, "outbox drained") {
            while try await backlog() > 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
    }

    func close() async throws {
        try await database.close()
    }
}

/// A relay started by ``BackboneFixture/startRelay(_:)``.
struct RunningRelay: Sendable {
    let task: Task<Void, any Error>

    /// Cancels the relay and waits until `run()` has returned, its last marks written.
    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
