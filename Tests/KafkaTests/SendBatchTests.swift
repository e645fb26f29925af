import Foundation
import Kafka
import KafkaTestSupport
import Testing

/// `submit` queues a batch and `results()` waits for all of it at once: results in the order
/// submitted, several batches in flight together (as concurrent dispatches send), and interleaved
/// with single sends and enqueued records, whose reports still go where they belong.
@Suite("Send batches", .serialized)
struct SendBatchTests {
    @Test("batches in flight together each get their own reports, in order, beside sends and enqueues")
    func batchesInFlight() async throws {
        let cluster = try KafkaTestCluster(partitions: 3)
        let producer = try cluster.producer()
        func batch(_ name: String, _ count: Int) -> [KafkaProducerMessage] {
            (0..<count).map { KafkaProducerMessage(topic: cluster.topic, key: "\(name)-\($0 % 7)", value: Data("\(name)-\($0)".utf8)) }
        }
        let first = await producer.submit(batch("a", 5_000))
        let enqueued = try await producer.enqueue(KafkaProducerMessage(topic: cluster.topic, key: "e", value: Data("e".utf8)))
        let second = await producer.submit(batch("b", 3_000))
        let single = try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "s", value: Data("s".utf8)))
        let empty = await producer.submit([])
        let (a, b, none) = (await first.results(), await second.results(), await empty.results())
        #expect(a.count == 5_000 && b.count == 3_000 && none.isEmpty)
        #expect(a.allSatisfy { (try? $0.get()) != nil } && b.allSatisfy { (try? $0.get()) != nil })
        // Within a partition, a batch's records are acknowledged at rising offsets in the order given.
        var lastOffset: [Int32: Int64] = [:]
        var rising = true
        for case .success(let report) in a {
            if let previous = lastOffset[report.partition], previous >= report.offset { rising = false }
            lastOffset[report.partition] = report.offset
        }
        #expect(rising)
        #expect(single.offset >= 0)
        let delivered = try await within(.seconds(10), "the enqueued record's report") { () -> Bool in
            for await report in producer.deliveryReports where report.messageID == enqueued { return report.isDelivered }
            return false
        }
        #expect(delivered)
        await producer.shutdown()
    }

    @Test("a batch after shutdown fails every record with the refusal, and nothing waits forever")
    func afterShutdown() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        await producer.shutdown()
        let results = await producer.submit([KafkaProducerMessage(topic: cluster.topic, key: "k", value: Data("v".utf8))]).results()
        #expect(results.count == 1)
        if case .failure = results[0] {} else { Issue.record("a record submitted after shutdown was not refused") }
    }
}
