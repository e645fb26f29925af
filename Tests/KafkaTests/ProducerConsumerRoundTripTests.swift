import Foundation
import Kafka
import KafkaTestSupport
import Testing

@Suite("Producer and consumer round trips", .serialized)
struct ProducerConsumerRoundTripTests {
    @Test("send awaits the delivery report: topic, partition and offset")
    func sendReturnsDeliveryReport() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        let first = try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "a", value: Data("1".utf8)))
        let second = try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "a", value: Data("2".utf8)))
        #expect(first.topic == cluster.topic)
        #expect(first.partition == 0)
        #expect(first.offset == 0)
        #expect(second.offset == 1)
        await producer.shutdown()
    }

    @Test("100,000 keyed messages all arrive, in order per key")
    func hundredThousandKeyedMessages() async throws {
        let cluster = try KafkaTestCluster(partitions: 4)
        let producer = try cluster.producer()
        let total = 100_000
        let keys = 50
        for index in 0..<total {
            try await producer.enqueue(KafkaProducerMessage(
                topic: cluster.topic, key: "household-\(index % keys)", value: Data("\(index)".utf8)))
        }
        try await producer.flush()
        let failed = try await within(.seconds(30), "all delivery reports") {
            var failed = 0
            var reports = 0
            for await report in producer.deliveryReports {
                if !report.isDelivered { failed += 1 }
                reports += 1
                if reports == total { break }
            }
            return failed
        }
        #expect(failed == 0)

        let consumer = try cluster.consumer()
        let received = try await consume(consumer, count: total, within: .seconds(120))
        await consumer.shutdown()
        await producer.shutdown()

        #expect(received.count == total)
        var lastSequence: [String: Int] = [:]
        var outOfOrder = 0
        for message in received {
            let sequence = Int(message.valueString)!
            if let previous = lastSequence[message.keyString], previous >= sequence { outOfOrder += 1 }
            lastSequence[message.keyString] = sequence
        }
        #expect(outOfOrder == 0)
        #expect(Set(received.map(\.valueString)).count == total)
    }

    @Test("sends awaited during a burst of enqueued records each get their own report; every enqueued record's report reaches the stream once")
    func sendsDuringBurstGetTheirOwnReports() async throws {
        let cluster = try KafkaTestCluster(partitions: 4)
        let producer = try cluster.producer()
        let burst = 20_000
        let sends = 50
        let sent = Task {
            var reports: [KafkaDeliveryReport] = []
            for index in 0..<sends {
                reports.append(try await producer.send(KafkaProducerMessage(
                    topic: cluster.topic, partition: 0, key: Data("sent".utf8), value: Data("sent-\(index)".utf8))))
            }
            return reports
        }
        var enqueued: Set<UInt64> = []
        for index in 0..<burst {
            enqueued.insert(try await producer.enqueue(KafkaProducerMessage(
                topic: cluster.topic, key: "k\(index % 13)", value: Data("\(index)".utf8))))
        }
        let reported = try await within(.seconds(30), "the burst's reports") {
            var ids: [UInt64] = []
            for await report in producer.deliveryReports {
                #expect(report.isDelivered)
                ids.append(report.messageID)
                if ids.count == burst { break }
            }
            return ids
        }
        let sentReports = try await within(.seconds(30), "the sends' reports") { try await sent.value }
        await producer.shutdown()

        #expect(reported.count == Set(reported).count)
        #expect(Set(reported) == enqueued)
        #expect(sentReports.map(\.partition) == Array(repeating: 0, count: sends))
        // Each send's report is its own: the offsets on partition 0 rise with the sends.
        #expect(sentReports.map(\.offset) == sentReports.map(\.offset).sorted())
        #expect(Set(sentReports.map(\.offset)).count == sends)
        #expect(Set(sentReports.map(\.messageID)).isDisjoint(with: enqueued))
    }

    @Test("a full local queue makes enqueue wait, never drop; the last records are freed without another enqueue")
    func fullQueueWaitsAndDrains() async throws {
        let cluster = try KafkaTestCluster(partitions: 2)
        let producer = try cluster.producer { $0.maxQueuedMessages = 200 }
        let total = 20_000
        // Nobody reads the reports: the producer frees delivered records on its own.
        for index in 0..<total {
            try await producer.enqueue(KafkaProducerMessage(topic: cluster.topic, key: "k\(index % 7)", value: Data("\(index)".utf8)))
        }
        try await within(.seconds(30), "outstanding records drain") {
            while producer.outstandingMessages > 0 { try await Task.sleep(for: .milliseconds(5)) }
        }

        let consumer = try cluster.consumer()
        let received = try await consume(consumer, count: total, within: .seconds(60))
        await consumer.shutdown()
        await producer.shutdown()
        #expect(Set(received.map(\.valueString)) == Set((0..<total).map(String.init)))
    }

    @Test("headers, null header values and tombstones round-trip")
    func headersAndTombstones() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        let headers = [
            KafkaHeader(name: "ce_id", string: "evt-1"),
            KafkaHeader(name: "empty", value: Data()),
            KafkaHeader(name: "null", value: nil),
        ]
        try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "k", value: Data("v".utf8), headers: headers))
        try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "k", value: nil))
        try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: nil, value: Data()))

        let consumer = try cluster.consumer()
        let received = try await consume(consumer, count: 3)
        await consumer.shutdown()
        await producer.shutdown()

        #expect(received[0].headers == headers)
        #expect(received[0].headers.first(named: "ce_id") == "evt-1")
        #expect(received[0].timestamp != nil)
        #expect(received[1].isTombstone)
        #expect(received[1].keyString == "k")
        #expect(received[2].key == nil)
        #expect(received[2].value == Data())
        #expect(!received[2].isTombstone)
    }

    @Test("keys and values of every size, null and empty, come back byte for byte, also kept after the consumer closed")
    func keysAndValuesOfEverySize() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        // Sizes around the 14 bytes a Data holds inline, and larger ones; nil keys and values
        // mixed in, so that the slices of each batch's shared buffer must line up exactly.
        let sizes = [0, 1, 13, 14, 15, 16, 100, 1_000, 5_000]
        var sent: [(key: Data?, value: Data?)] = []
        for index in 0..<90 {
            let size = sizes[index % sizes.count]
            let key: Data? = index % 4 == 3 ? nil : Data((0..<(index % 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ index) })
            let value: Data? = index % 10 == 9 ? nil : Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) })
            sent.append((key, value))
            try await producer.enqueue(KafkaProducerMessage(topic: cluster.topic, key: key, value: value))
        }
        try await producer.flush()
        let consumer = try cluster.consumer { $0.batchSize = 8 }
        let received = try await consume(consumer, count: sent.count)
        await consumer.shutdown()
        await producer.shutdown()

        #expect(received.count == sent.count)
        for (message, expected) in zip(received, sent) {
            #expect(message.key.map { Array($0) } == expected.key.map { Array($0) }, "key at offset \(message.offset)")
            #expect(message.value.map { Array($0) } == expected.value.map { Array($0) }, "value at offset \(message.offset)")
            #expect(message.value?.count == expected.value?.count)
            if let value = message.value, let first = value.first {
                #expect(value[value.startIndex] == first)
            }
        }
    }

    @Test("headers of messages kept long after their batch, even after the consumer closed, are still there; messages without headers have none")
    func headersOfKeptMessages() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer()
        for index in 0..<60 {
            let headers = index.isMultiple(of: 3) ? [] : [KafkaHeader(name: "n", value: Data("\(index)".utf8))]
            try await producer.enqueue(KafkaProducerMessage(topic: cluster.topic, key: "k", value: Data("\(index)".utf8), headers: headers))
        }
        try await producer.flush()
        let consumer = try cluster.consumer { $0.batchSize = 7 }
        let kept = try await consume(consumer, count: 60)  // every message kept, across nine batches
        // Some read while their batch is in hand, the rest only after the consumer is gone.
        let early = kept.prefix(30).map { $0.headers.first(named: "n") }
        await consumer.shutdown()
        let late = kept.suffix(30).map { $0.headers.first(named: "n") }
        await producer.shutdown()
        let expected = (0..<60).map { $0.isMultiple(of: 3) ? nil : "\($0)" }
        #expect(early + late == expected)
        #expect(kept.filter { $0.headers.isEmpty }.count == 20)
    }

    @Test("records to topics taken in turn each land in their own topic; a topic name librdkafka refuses is a thrown KafkaError")
    func topicsInTurnAndRefusedName() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let other = "civil.test.other.\(UUID().uuidString.prefix(8).lowercased()).v1"
        try cluster.broker.createTopic(other, partitions: 1)
        let producer = try cluster.producer()
        var reports: [KafkaDeliveryReport] = []
        for index in 0..<6 {
            let topic = index.isMultiple(of: 2) ? cluster.topic : other
            reports.append(try await producer.send(KafkaProducerMessage(topic: topic, key: "k", value: Data("\(index)".utf8))))
        }
        #expect(reports.map(\.topic) == [cluster.topic, other, cluster.topic, other, cluster.topic, other])
        #expect(reports.map(\.offset) == [0, 0, 1, 1, 2, 2])
        await #expect(throws: KafkaError.self) {
            try await within(.seconds(10), "send to a refused topic name") {
                try await producer.send(KafkaProducerMessage(topic: String(repeating: "x", count: 600), key: "k", value: Data("x".utf8)))
            }
        }
        let after = try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "k", value: Data("ok".utf8)))
        #expect(after.offset == 3)
        await producer.shutdown()
    }

    @Test("a message larger than the limit is a thrown KafkaError, not a crash or a hang")
    func oversizedMessageThrows() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let producer = try cluster.producer { $0.maxMessageBytes = 10_000 }
        let error = await #expect(throws: KafkaError.self) {
            try await within(.seconds(10), "oversized send") {
                try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "k", value: Data(count: 50_000)))
            }
        }
        #expect(error?.codeName == "MSG_SIZE_TOO_LARGE")
        // The producer is still usable.
        let report = try await producer.send(KafkaProducerMessage(topic: cluster.topic, key: "k", value: Data("ok".utf8)))
        #expect(report.offset == 0)
        await producer.shutdown()
    }

    @Test("an unknown or invalid property fails at start-up, naming it")
    func invalidPropertyNamed() throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        var client = cluster.client
        client.properties["no.such.property"] = "1"
        let unknown = #expect(throws: KafkaError.self) {
            try KafkaProducer(configuration: KafkaProducerConfiguration(client: client))
        }
        #expect(unknown?.stage == .configuration)
        #expect(unknown?.message.contains("no.such.property") == true)

        client.properties = ["sasl.password": "s3cret-value", "acks": "maybe"]
        let invalid = #expect(throws: KafkaError.self) {
            try KafkaProducer(configuration: KafkaProducerConfiguration(client: client))
        }
        #expect(invalid?.message.contains("acks") == true)
        #expect(invalid?.description.contains("s3cret-value") == false)
    }
}
