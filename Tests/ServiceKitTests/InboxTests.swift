import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import SQLKit
import ServiceKit
import Testing

@Suite("Inbox runner and dead letters")
struct InboxTests {
    func record(_ status: ShelterStatus, id: String, topic: String) throws -> KafkaProducerMessage {
        try status.cloudEvent(id: id, time: Date()).kafkaMessage(topic: topic, key: status.partitionKey)
    }

    @Test("the same event delivered three times changes state once", arguments: TestDatabase.available)
    func sameEventThreeTimes(_ kind: TestDatabase) async throws {
        let fixture = try await BackboneFixture(kind, migrations: [ShelterLedger.migration])
        let producer = try fixture.cluster.producer()
        let message = try record(ShelterStatusFixture.update(shelter: 1, sequence: 7), id: "event-1", topic: fixture.topic)
        for _ in 0..<3 { try await producer.send(message) }
        await producer.shutdown()

        let consumer = try fixture.cluster.consumer()
        let runner = try fixture.runner(handler: ShelterLedger(), consumer: consumer)
        var outcomes: [InboxRunner<ShelterLedger>.Outcome?] = []
        for message in try await consume(consumer, count: 3) { outcomes.append(await runner.process(message)) }
        #expect(outcomes == [.applied, .duplicate, .duplicate])
        #expect(try await ShelterLedger.applications(in: fixture.database) == 1)
        let recorded = try await fixture.database.withConnection {
            try await Inbox.contains(key: "event-1", consumer: "test-inbox", in: $0)
        }
        #expect(recorded)
        await consumer.shutdown()
        try await fixture.close()
    }

    @Test("a business key makes two different events with the same meaning take effect once",
          arguments: TestDatabase.available)
    func businessKey(_ kind: TestDatabase) async throws {
        let fixture = try await BackboneFixture(kind, migrations: [ShelterLedger.migration])
        let producer = try fixture.cluster.producer()
        let status = ShelterStatusFixture.update(shelter: 2, sequence: 3)
        try await producer.send(try record(status, id: "first", topic: fixture.topic))
        try await producer.send(try record(status, id: "second", topic: fixture.topic))
        await producer.shutdown()
        let consumer = try fixture.cluster.consumer()
        let runner = try fixture.runner(handler: ShelterLedger(businessKey: true), consumer: consumer)
        var outcomes: [InboxRunner<ShelterLedger>.Outcome?] = []
        for message in try await consume(consumer, count: 2) { outcomes.append(await runner.process(message)) }
        #expect(outcomes == [.applied, .duplicate])
        await consumer.shutdown()
        try await fixture.close()
    }

    @Test("poison records land on the .dlq with their origin, and the records after them are processed",
          .timeLimit(.minutes(2)), arguments: TestDatabase.available)
    func poisonRecords(_ kind: TestDatabase) async throws {
        let fixture = try await BackboneFixture(kind, migrations: [ShelterLedger.migration])
        let producer = try fixture.cluster.producer()
        let topic = fixture.topic
        // All on one key, so one partition holds them in this order.
        var badData = try record(ShelterStatusFixture.update(shelter: 9, sequence: 0), id: "bad-data", topic: topic)
        badData.value = Data(#"{"shelterId":"SH-9"}"#.utf8)
        let records = [
            try record(ShelterStatusFixture.update(shelter: 9, sequence: 1), id: "good-1", topic: topic),
            KafkaProducerMessage(topic: topic, key: "SH-9", value: Data("not an event".utf8)),
            try record(ShelterStatusFixture.update(shelter: 9, sequence: 2), id: "good-2", topic: topic),
            badData,
            KafkaProducerMessage(topic: topic, key: "SH-9", value: nil),
            try record(ShelterStatusFixture.update(shelter: 9, sequence: 3), id: "good-3", topic: topic),
        ]
        var reports: [KafkaDeliveryReport] = []
        for record in records { reports.append(try await producer.send(record)) }
        await producer.shutdown()

        let consumer = try fixture.cluster.consumer(group: "poison")
        let runner = try fixture.runner(handler: ShelterLedger(), consumer: consumer)
        let running = Task { try await runner.run() }

        let deadLetterConsumer = try fixture.cluster.consumer { $0.topics = [fixture.deadLetterTopic] }
        let deadLetters = try await consume(deadLetterConsumer, count: 3)
        await deadLetterConsumer.shutdown()
        try await within(.seconds(30), "good records applied") {
            while try await ShelterLedger.applications(in: fixture.database) < 3 { try await Task.sleep(for: .milliseconds(50)) }
        }
        running.cancel()
        _ = await running.result
        await consumer.shutdown()

        #expect(deadLetters.map { $0.headers.first(named: "dlq_origin_offset") } == [1, 3, 4].map { String(reports[$0].offset) })
        for letter in deadLetters {
            #expect(letter.headers.first(named: "dlq_origin_topic") == topic)
            #expect(letter.headers.first(named: "dlq_origin_partition") == String(reports[0].partition))
            #expect(letter.headers.first(named: "dlq_consumer") == "test-inbox")
            #expect(letter.headers.first(named: "dlq_time") != nil)
            #expect(letter.keyString == "SH-9")
        }
        let errors = deadLetters.map { $0.headers.first(named: "dlq_error") ?? "" }
        #expect(errors[0] == "invalid event: ce_specversion: missing")
        #expect(errors[1] == "civil.alerts.shelter.snapshot.v1: missing field 'name'")
        #expect(errors[2] == "unexpected tombstone on \(topic)")
        #expect(deadLetters[0].valueString == "not an event", "the dead letter keeps the original value")
        #expect(try await ShelterLedger.applications(in: fixture.database) == 3)

        // Everything was marked done: the group starts after the last record.
        let again = try fixture.cluster.consumer(group: "poison")
        #expect((try? await consume(again, count: 1, within: .seconds(5))) == nil)
        await again.shutdown()
        try await fixture.close()
    }

    @Test("a failing handler is retried and its event applied once; one that keeps failing is retried, reported stalled, never dead-lettered",
          arguments: TestDatabase.available)
    func retries(_ kind: TestDatabase) async throws {
        let fixture = try await BackboneFixture(kind, migrations: [ShelterLedger.migration])
        let producer = try fixture.cluster.producer()
        try await producer.send(try record(ShelterStatusFixture.update(shelter: 4, sequence: 1), id: "e-1", topic: fixture.topic))
        await producer.shutdown()
        let consumer = try fixture.cluster.consumer()
        let message = try #require(try await consume(consumer, count: 1).first)

        let recovering = try fixture.runner(handler: ShelterLedger(failFirst: 2), consumer: consumer)
        #expect(await recovering.process(message) == .applied)
        #expect(try await ShelterLedger.applications(in: fixture.database) == 1)

        let health = ConsumerHealth()
        let failing = try fixture.runner(handler: ShelterLedger(failFirst: 1_000_000, businessKey: true), consumer: consumer, health: health)
        let second = try record(ShelterStatusFixture.update(shelter: 4, sequence: 2), id: "e-2", topic: message.topic)
        let stillFailing = KafkaConsumerMessage(
            topic: message.topic, partition: message.partition, offset: message.offset + 1, key: message.key,
            value: second.value, headers: second.headers)
        let processing = Task { await failing.process(stillFailing) }
        try await within(.seconds(10), "the runner reports itself stalled") {
            while health.problem == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(health.problem?.contains("test-inbox") == true)
        processing.cancel()
        #expect(await processing.value == nil, "stopped while failing: left unmarked, not dead-lettered")
        // The failed attempts were rolled back: neither the effect nor the inbox record stayed.
        #expect(try await ShelterLedger.applications(in: fixture.database) == 1)
        let recorded = try await fixture.database.withConnection {
            try await Inbox.contains(key: "SH-4/2", consumer: "test-inbox", in: $0)
        }
        #expect(!recorded)
        await consumer.shutdown()
        try await fixture.close()
    }

    @Test("a database that turns read-only mid-stream: nothing is dead-lettered, the consumer is reported stalled, and every event takes effect once it is back",
          .timeLimit(.minutes(2)), arguments: TestDatabase.available)
    func databaseFailsMidStream(_ kind: TestDatabase) async throws {
        let fixture = try await BackboneFixture(kind, migrations: [ShelterLedger.migration])
        let producer = try fixture.cluster.producer()
        for sequence in 1...3 {
            try await producer.send(try record(ShelterStatusFixture.update(shelter: 5, sequence: sequence), id: "ro-\(sequence)", topic: fixture.topic))
        }
        let health = ConsumerHealth()
        let consumer = try fixture.cluster.consumer(group: "read-only")
        let runner = try fixture.runner(handler: ShelterLedger(), consumer: consumer, health: health)
        let running = Task { try await runner.run() }
        try await within(.seconds(30), "the first events applied") {
            while try await ShelterLedger.applications(in: fixture.database) < 3 { try await Task.sleep(for: .milliseconds(50)) }
        }

        try await DatabaseFault.readOnly(fixture.database, kind: kind)
        for sequence in 4...8 {
            try await producer.send(try record(ShelterStatusFixture.update(shelter: 5, sequence: sequence), id: "ro-\(sequence)", topic: fixture.topic))
        }
        await producer.shutdown()
        try await within(.seconds(30), "the runner reports itself stalled") {
            while health.problem == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(try await ShelterLedger.applications(in: fixture.database) == 3)

        try await DatabaseFault.writable(fixture.database, kind: kind)
        try await within(.seconds(30), "every event applied once the database is back") {
            while try await ShelterLedger.applications(in: fixture.database) < 8 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(health.problem == nil)
        let deadLetterConsumer = try fixture.cluster.consumer(group: "read-only-dlq") { $0.topics = [fixture.deadLetterTopic] }
        #expect((try? await consume(deadLetterConsumer, count: 1, within: .seconds(3))) == nil, "no good event was dead-lettered")
        await deadLetterConsumer.shutdown()
        running.cancel()
        _ = await running.result
        await consumer.shutdown()
        #expect(try await ShelterLedger.applications(in: fixture.database) == 8)
        try await fixture.close()
    }
}
