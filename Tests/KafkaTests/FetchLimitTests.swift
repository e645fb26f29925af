import Foundation
@testable import Kafka
import KafkaTestSupport
import Testing

@Suite("Prefetch limit and metadata look-ups", .serialized)
struct FetchLimitTests {
    @Test("a consumer that keeps draining a full prefetch queue wakes the fetcher and gets every message")
    func drainedQueueWakesFetcher() async throws {
        let cluster = try KafkaTestCluster(brokers: 1, partitions: 4)
        let producer = try cluster.producer()
        let total = 4_000
        let value = Data(repeating: UInt8(ascii: "v"), count: 1024)
        for index in 0..<total {
            try await producer.enqueue(KafkaProducerMessage(topic: cluster.topic, key: "k\(index)", value: value))
        }
        try await producer.flush()
        // 4 MB through a 256 KB queue: librdkafka 2.0.2 stops fetching at the limit every time.
        let consumer = try cluster.consumer { $0.prefetchKilobytes = 256 }
        let received = try await consume(consumer, count: total, within: .seconds(60))
        let wakeUps = consumer.core.fetchWaker.wakeUps
        await consumer.shutdown()
        await producer.shutdown()

        #expect(received.count == total)
        #expect(Set(received.map { "\($0.partition)/\($0.offset)" }).count == total)
        #expect(wakeUps > 0)
    }

    @Test("a consumer that never fills its queue never wakes the fetcher")
    func smallBacklogNeedsNoWakeUp() async throws {
        let cluster = try KafkaTestCluster(brokers: 1, partitions: 4)
        let producer = try cluster.producer()
        for index in 0..<100 {
            try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "k\(index)", value: Data("\(index)".utf8)))
        }
        let consumer = try cluster.consumer()
        let received = try await consume(consumer, count: 100, within: .seconds(30))
        let wakeUps = consumer.core.fetchWaker.wakeUps
        await consumer.shutdown()
        await producer.shutdown()

        #expect(received.count == 100)
        #expect(wakeUps == 0)
    }

    @Test("a producer looks up a topic's metadata when it first sees it, and once")
    func producerLooksUpNewTopics() async throws {
        let cluster = try KafkaTestCluster(brokers: 1, partitions: 4)
        let producer = try cluster.producer()
        for index in 0..<10 {
            try await producer.enqueue(KafkaProducerMessage(topic: cluster.topic, key: "k\(index)", value: Data("\(index)".utf8)))
        }
        try await producer.flush()
        #expect(producer.core.metadataLookUps == 1)
        await producer.shutdown()
    }
}
