import Foundation
import Kafka
import KafkaTestSupport
import Testing

@Suite("Record batches: the fan-out path", .serialized)
struct RecordBatchTests {
    /// A batch of `count` records keyed `k0`…`k12`, whose value is the record's index and whose
    /// own headers are `id` (`id-<index>`) and `note` (empty).
    func batch(topic: String, count: Int, value: (Int) -> [UInt8] = { Array("\($0)".utf8) }) -> KafkaRecordBatch {
        var batch = KafkaRecordBatch(
            topic: topic,
            sharedHeaders: [
                KafkaHeader(name: "content-type", string: "application/json"),
                KafkaHeader(name: "empty", value: Data()),
                KafkaHeader(name: "null", value: nil),
            ],
            recordHeaderNames: ["id", "note"], reservingCapacity: count, bytesPerRecord: 16)
        for index in 0..<count {
            batch.startRecord(key: "k\(index % 13)")
            batch.addHeaderValue("id-\(index)")
            batch.addHeaderValue("")
            batch.endRecord { $0.append(contentsOf: value(index)) }
        }
        return batch
    }

    @Test("every record arrives with its key, value, shared and own headers, in order per key, on its key's partition; a queue smaller than the batch makes it wait, never drop")
    func recordsArriveWhole() async throws {
        let cluster = try KafkaTestCluster(partitions: 4)
        let producer = try cluster.producer { $0.maxQueuedMessages = 200 }
        let total = 5_000
        let records = batch(topic: cluster.topic, count: total)
        #expect(records.count == total)
        try await within(.seconds(30), "the batch acknowledged") { try await producer.sendAll(records) }

        let consumer = try cluster.consumer()
        let received = try await consume(consumer, count: total, within: .seconds(60))
        await consumer.shutdown()
        #expect(Set(received.map(\.valueString)) == Set((0..<total).map(String.init)))
        var last: [String: Int] = [:]
        var partitions: [String: Set<Int32>] = [:]
        for message in received {
            let index = Int(message.valueString)!
            #expect(message.keyString == "k\(index % 13)")
            #expect(message.headers == [
                KafkaHeader(name: "content-type", string: "application/json"), KafkaHeader(name: "empty", value: Data()),
                KafkaHeader(name: "null", value: nil), KafkaHeader(name: "id", string: "id-\(index)"),
                KafkaHeader(name: "note", value: Data()),
            ])
            #expect(last[message.keyString].map { $0 < index } ?? true)
            last[message.keyString] = index
            partitions[message.keyString, default: []].insert(message.partition)
        }
        // The same partition a single record with that key goes to.
        for key in ["k0", "k5", "k12"] {
            let single = try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: key, value: Data("one".utf8)))
            #expect(partitions[key] == [single.partition])
        }
        await producer.shutdown()
    }

    @Test("a record over the size limit stops the batch with a thrown KafkaError; the records before it are delivered, none after it; the producer stays usable")
    func oversizedRecordStopsTheBatch() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer { $0.maxMessageBytes = 10_000 }
        let records = batch(topic: cluster.topic, count: 20) { $0 == 10 ? Array(repeating: 0x78, count: 50_000) : Array("\($0)".utf8) }
        let error = await #expect(throws: KafkaError.self) {
            try await within(.seconds(10), "the batch") { try await producer.sendAll(records) }
        }
        #expect(error?.codeName == "MSG_SIZE_TOO_LARGE")
        let consumer = try cluster.consumer()
        let received = try await consume(consumer, count: 10, within: .seconds(30))
        let extra = try? await consume(consumer, count: 1, within: .seconds(1))
        await consumer.shutdown()
        #expect(received.map(\.valueString) == (0..<10).map(String.init))
        #expect(extra == nil)
        let report = try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "k", value: Data("ok".utf8)))
        #expect(report.offset == 10)
        await producer.shutdown()
    }

    @Test("records that cannot be delivered in time fail the batch with a delivery error, not a hang")
    func undeliverableBatchThrows() async throws {
        let cluster = try KafkaTestCluster(brokers: 1, partitions: 1)
        let producer = try cluster.producer { $0.deliveryTimeout = .milliseconds(1500) }
        _ = try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "k", value: Data("first".utf8)))
        try cluster.broker.takeDownAll()
        let error = await #expect(throws: KafkaError.self) {
            try await within(.seconds(20), "the batch") { try await producer.sendAll(batch(topic: cluster.topic, count: 50)) }
        }
        #expect(error?.stage == .delivery)
        try cluster.broker.bringUpAll()
        await producer.shutdown()
    }

    @Test("an empty batch returns at once; a batch after shutdown is refused")
    func emptyAndClosed() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        try await producer.sendAll(batch(topic: cluster.topic, count: 0))
        await producer.shutdown()
        await #expect(throws: KafkaError.self) {
            try await producer.sendAll(batch(topic: cluster.topic, count: 3))
        }
    }
}
