import Foundation
import Kafka
import KafkaTestSupport
import Logging
import ServiceLifecycle
import Testing

@Suite("Broker outages, shutdown and close", .serialized)
struct ReliabilityTests {
    @Test("brokers taken down while producing and brought back: every message exactly once")
    func brokerOutageDeliversExactlyOnce() async throws {
        let cluster = try KafkaTestCluster(brokers: 3, partitions: 3)
        let producer = try cluster.producer()
        let total = 10_000
        let sender = Task {
            var reports: [KafkaDeliveryReport] = []
            try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
                for index in 0..<total {
                    group.addTask {
                        try await producer.send(KafkaProducerMessage(
                            topic: cluster.topic, key: "k\(index % 31)", value: Data("\(index)".utf8)))
                    }
                    if index % 500 == 0 { try await Task.sleep(for: .milliseconds(20)) }
                }
                for try await report in group { reports.append(report) }
            }
            return reports
        }
        try await Task.sleep(for: .milliseconds(150))
        try cluster.broker.takeDownAll()
        try await Task.sleep(for: .seconds(2))
        try cluster.broker.bringUpAll()
        let reports = try await within(.seconds(120), "all sends acknowledged") { try await sender.value }
        #expect(reports.count == total)
        #expect(reports.filter { !$0.isDelivered }.isEmpty)

        let consumer = try cluster.consumer()
        let received = try await consume(consumer, count: total, within: .seconds(60))
        // Nothing beyond `total`: a duplicate would show up within this second.
        let extra = try? await consume(consumer, count: 1, within: .seconds(1))
        await consumer.shutdown()
        await producer.shutdown()
        #expect(Set(received.map(\.valueString)).count == total)
        #expect(extra == nil)
    }

    @Test("graceful shutdown delivers every message already accepted")
    func gracefulShutdownDeliversAccepted() async throws {
        let cluster = try KafkaTestCluster(partitions: 2)
        let producer = try cluster.producer { $0.linger = .milliseconds(200) }
        let total = 5_000
        for index in 0..<total {
            try await producer.enqueue(KafkaProducerMessage(topic: cluster.topic, key: "k\(index)", value: Data("\(index)".utf8)))
        }
        #expect(producer.outstandingMessages > 0)
        await producer.shutdown()
        await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "late", value: nil))
        }

        let consumer = try cluster.consumer()
        let received = try await consume(consumer, count: total)
        await consumer.shutdown()
        #expect(Set(received.map(\.valueString)).count == total)
    }

    @Test("producer and consumer run as services and stop on the group's graceful shutdown")
    func serviceLifecycle() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer { $0.linger = .milliseconds(100) }
        let consumer = try cluster.consumer(group: "lifecycle")
        let group = ServiceGroup(services: [producer, consumer], logger: quietLogger)
        let running = Task { try await group.run() }

        let report = try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "a", value: Data("1".utf8)))
        #expect(report.offset == 0)
        let first = try await consume(consumer, count: 1)
        #expect(first.first?.valueString == "1")
        for index in 2...50 {
            try await producer.enqueue(KafkaProducerMessage(topic: cluster.topic, key: "a", value: Data("\(index)".utf8)))
        }
        await group.triggerGracefulShutdown()
        try await within(.seconds(30), "service group stops") { try await running.value }

        let after = try cluster.consumer(group: "lifecycle")
        let rest = try await consume(after, count: 49)
        await after.shutdown()
        #expect(rest.first?.offset == 1)  // the first was committed on shutdown
        #expect(rest.last?.valueString == "50")
    }

    @Test("closing a consumer while every broker is down returns within its close timeout")
    func closeNeverHangs() async throws {
        let cluster = try KafkaTestCluster(partitions: 2)
        let producer = try cluster.producer()
        try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "k", value: Data("v".utf8)))
        let consumer = try cluster.consumer { $0.closeTimeout = .seconds(3) }
        let received = try await consume(consumer, count: 1)
        #expect(received.count == 1)
        try cluster.broker.takeDownAll()
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            try await within(.seconds(20), "consumer close with brokers down") { await consumer.shutdown() }
        }
        #expect(elapsed < .seconds(10))
        try cluster.broker.bringUpAll()
        await producer.shutdown()
    }

    @Test("an application slower than max.poll.interval loses its assignment, and says so")
    func lostAssignmentDetected() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        for index in 0..<20 {
            try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "k", value: Data("\(index)".utf8)))
        }
        let consumer = try cluster.consumer {
            $0.batchSize = 1
            $0.client.properties["session.timeout.ms"] = "3000"
            $0.client.properties["heartbeat.interval.ms"] = "300"
            $0.client.properties["max.poll.interval.ms"] = "4000"
        }
        _ = try await consume(consumer, count: 1)
        // Stall: nobody iterates, so nobody polls librdkafka.
        try await Task.sleep(for: .seconds(6))
        let events = Task {
            var seen: [KafkaRebalanceEvent] = []
            for await event in consumer.rebalances {
                seen.append(event)
                if case .lost = event { break }
            }
            return seen
        }
        let resumed = Task { for try await message in consumer.messages { consumer.markDone(message) } }
        let seen = try await within(.seconds(30), "lost assignment reported") { await events.value }
        #expect(seen.contains { if case .lost = $0 { true } else { false } })
        await consumer.shutdown()
        _ = try? await resumed.value
        await producer.shutdown()
    }
}
