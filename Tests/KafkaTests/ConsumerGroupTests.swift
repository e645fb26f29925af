import Foundation
@testable import Kafka
import KafkaTestSupport
import Synchronization
import Testing

/// Collects what every member of a group processed, to count losses and duplicates.
final class Processed: Sendable {
    private let values = Mutex<[String: Int]>([:])

    func record(_ message: KafkaConsumerMessage) {
        values.withLock { $0[message.valueString, default: 0] += 1 }
    }

    var distinct: Int { values.withLock { $0.count } }
    var duplicates: Int { values.withLock { $0.values.reduce(0) { $0 + $1 - 1 } } }
}

@Suite("Consumer groups, rebalances and offsets", .serialized)
struct ConsumerGroupTests {
    static func produce(_ producer: KafkaProducer, topic: String, range: Range<Int>) async throws {
        for index in range {
            try await producer.enqueue(KafkaProducerMessage(topic: topic, key: "k\(index % 97)", value: Data("\(index)".utf8)))
        }
        try await producer.flush()
    }

    /// Processes messages until the consumer is shut down, marking each done.
    static func process(_ consumer: KafkaConsumer, into processed: Processed) -> Task<Void, Error> {
        Task {
            for try await message in consumer.messages {
                processed.record(message)
                consumer.markDone(message)
            }
        }
    }

    @Test("two members split the partitions; one leaves; the other takes over; nothing lost or seen twice",
          arguments: [KafkaConsumerConfiguration.RebalanceProtocol.eager, .cooperative])
    func memberLeavesAndOtherTakesOver(rebalanceProtocol: KafkaConsumerConfiguration.RebalanceProtocol) async throws {
        let cluster = try KafkaTestCluster(partitions: 6)
        let producer = try cluster.producer()
        let group = "takeover-\(rebalanceProtocol)"
        let first = try cluster.consumer(group: group) { $0.rebalanceProtocol = rebalanceProtocol }
        let second = try cluster.consumer(group: group) { $0.rebalanceProtocol = rebalanceProtocol }
        let processed = Processed()
        let firstTask = Self.process(first, into: processed)
        let secondTask = Self.process(second, into: processed)

        try await waitUntil("both members assigned") {
            !first.assignment.isEmpty && !second.assignment.isEmpty && first.assignment.count + second.assignment.count == 6
        }
        #expect(first.assignment.isDisjoint(with: second.assignment))

        try await Self.produce(producer, topic: cluster.topic, range: 0..<3000)
        try await waitUntil("first half processed") { processed.distinct >= 3000 }

        // The leaving member commits what it marked done as it gives its partitions up. The
        // staying member commits now: once the group rebalances, a commit is refused
        // (REBALANCE_IN_PROGRESS) until it has rejoined, and in the eager protocol it gives up
        // and takes back its own partitions too; what it marked but had not committed by then
        // is the at-least-once window, which this test does not measure.
        try await first.commit()
        await second.shutdown()
        try await secondTask.value
        try await Self.produce(producer, topic: cluster.topic, range: 3000..<6000)
        try await waitUntil("the remaining member owns every partition") { first.assignment.count == 6 }
        try await waitUntil("all processed") { processed.distinct >= 6000 }

        await first.shutdown()
        try await firstTask.value
        await producer.shutdown()
        #expect(processed.distinct == 6000)
        #expect(processed.duplicates == 0)
    }

    @Test("a restarted consumer resumes at its last committed offset")
    func restartResumesAtCommittedOffset() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        try await Self.produce(producer, topic: cluster.topic, range: 0..<100)

        let first = try cluster.consumer(group: "resume")
        let before = try await consume(first, count: 40)
        await first.shutdown()
        #expect(before.last?.offset == 39)

        let second = try cluster.consumer(group: "resume")
        let after = try await consume(second, count: 60)
        await second.shutdown()
        await producer.shutdown()
        #expect(after.first?.offset == 40)
        #expect(after.last?.offset == 99)
    }

    @Test("a mark made while the message in hand is still being worked on is committed in the background")
    func markCommittedWhileBusy() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        let partition = KafkaTopicPartition(topic: cluster.topic, partition: 0)
        try await Self.produce(producer, topic: cluster.topic, range: 0..<100)
        let consumer = try cluster.consumer()
        let lagWhileBusy = try await within(.seconds(60), "mark committed while busy") {
            for try await message in consumer.messages {
                guard message.offset == 4 else {
                    consumer.markDone(message)
                    continue
                }
                // A slow step before the mark, then the application holds on to the message:
                // no fetch, revoke or commit comes to store the mark for it.
                try await Task.sleep(for: .milliseconds(3 * MarkedOffsets.storeIntervalMilliseconds))
                consumer.markDone(message)
                var lag = try await consumer.lag()
                while lag[partition] != 95 {
                    try await Task.sleep(for: .milliseconds(100))
                    lag = try await consumer.lag()
                }
                return lag[partition]
            }
            return nil
        }
        #expect(lagWhileBusy == 95)
        await consumer.shutdown()
        await producer.shutdown()
    }

    @Test("marks made in a burst are committed at shutdown; a mark after shutdown is ignored")
    func marksAroundShutdown() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        try await Self.produce(producer, topic: cluster.topic, range: 0..<20)
        let first = try cluster.consumer(group: "burst")
        let received = try await consume(first, count: 10)
        await first.shutdown()
        first.markDone(received[9])  // the handle is gone; this must neither crash nor count
        let second = try cluster.consumer(group: "burst")
        let rest = try await consume(second, count: 10)
        await second.shutdown()
        await producer.shutdown()
        #expect(rest.first?.offset == 10)
    }

    @Test("an iterator that stops mid-batch leaves the rest of the batch to the next iterator: no gap, no repeat")
    func nextIteratorContinuesTheBatch() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        try await Self.produce(producer, topic: cluster.topic, range: 0..<300)
        let consumer = try cluster.consumer { $0.batchSize = 100 }
        var offsets: [Int64] = []
        for chunk in [7, 93, 1, 150, 49] {  // breaks inside a batch, at its end, and across batches
            offsets += try await consume(consumer, count: chunk).map(\.offset)
        }
        await consumer.shutdown()
        await producer.shutdown()
        #expect(offsets == Array(0..<300))
    }

    @Test("rebalance events name assigned and revoked partitions")
    func rebalanceEvents() async throws {
        let cluster = try KafkaTestCluster(partitions: 2)
        let consumer = try cluster.consumer { $0.rebalanceProtocol = .eager }
        let task = Task { for try await _ in consumer.messages {} }
        let expected = Set((0..<2).map { KafkaTopicPartition(topic: cluster.topic, partition: Int32($0)) })
        try await waitUntil("assignment") { consumer.assignment == expected }
        await consumer.shutdown()
        try await task.value

        var events: [KafkaRebalanceEvent] = []
        for await event in consumer.rebalances { events.append(event) }
        let normalized = events.map { event -> KafkaRebalanceEvent in
            switch event {
            case .assigned(let partitions): .assigned(partitions.sorted { $0.partition < $1.partition })
            case .revoked(let partitions): .revoked(partitions.sorted { $0.partition < $1.partition })
            case .lost(let partitions): .lost(partitions.sorted { $0.partition < $1.partition })
            }
        }
        let sorted = expected.sorted { $0.partition < $1.partition }
        #expect(normalized == [.assigned(sorted), .revoked(sorted)])
        #expect(consumer.assignment.isEmpty)
    }

    @Test("pause stops delivery of a partition; resume restarts it")
    func pauseAndResume() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        let consumer = try cluster.consumer()
        let partition = KafkaTopicPartition(topic: cluster.topic, partition: 0)
        try await Self.produce(producer, topic: cluster.topic, range: 0..<10)
        _ = try await consume(consumer, count: 10)

        try consumer.pause([partition])
        try await Self.produce(producer, topic: cluster.topic, range: 10..<20)
        let whilePaused = try? await consume(consumer, count: 1, within: .seconds(2))
        #expect(whilePaused == nil)

        try consumer.resume([partition])
        let afterResume = try await consume(consumer, count: 10)
        #expect(afterResume.first?.offset == 10)
        await consumer.shutdown()
        await producer.shutdown()
    }

    @Test("seek replays from an earlier offset; a timestamp past the end maps to no offset")
    func seekReplays() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        let partition = KafkaTopicPartition(topic: cluster.topic, partition: 0)
        try await Self.produce(producer, topic: cluster.topic, range: 0..<40)

        let consumer = try cluster.consumer { $0.batchSize = 5 }
        _ = try await consume(consumer, count: 40)

        try await consumer.seek(partition, to: 5)
        let replayed = try await consume(consumer, count: 35)
        #expect(replayed.map(\.offset) == Array(5..<40))

        let future = try await consumer.offset(for: Date().addingTimeInterval(3600), in: partition)
        #expect(future == nil)
        await consumer.shutdown()
        await producer.shutdown()
    }

    @Test("lag counts from the committed offset, per partition")
    func lagPerPartition() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        let partition = KafkaTopicPartition(topic: cluster.topic, partition: 0)
        try await Self.produce(producer, topic: cluster.topic, range: 0..<100)
        let consumer = try cluster.consumer()
        _ = try await consume(consumer, count: 30)
        try await consumer.commit()
        var lag = try await consumer.lag()
        for _ in 0..<100 where lag[partition] == nil {  // watermarks arrive with the first fetch
            try await Task.sleep(for: .milliseconds(100))
            lag = try await consumer.lag()
        }
        #expect(lag[partition] == 70)
        await consumer.shutdown()
        await producer.shutdown()
    }
}
