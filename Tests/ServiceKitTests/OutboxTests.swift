import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import SQLKit
import ServiceKit
import Testing

@Suite("Transactional outbox and relay")
struct OutboxTests {
    @Test("10,000 events written while the broker is down are all published once it is back: in order per key, none twice",
          .timeLimit(.minutes(5)), arguments: TestDatabase.available)
    func brokerDownThenBack(_ kind: TestDatabase) async throws {
        let fixture = try await BackboneFixture(kind)
        try fixture.cluster.broker.takeDownAll()

        let shelters = 20, updates = 500
        for batch in 0..<(updates / 25) {
            try await fixture.appendShelterUpdates(sequences: (batch * 25)..<((batch + 1) * 25), shelters: shelters)
        }
        #expect(try await fixture.backlog() == 10_000)

        let producer = try fixture.cluster.producer { $0.deliveryTimeout = .seconds(2) }
        let relaying = fixture.startRelay(producer)
        // Long enough for deliveries to time out at least once and the relay to back off.
        try await Task.sleep(for: .seconds(5))
        #expect(try await fixture.backlog() == 10_000, "nothing can be acknowledged while the broker is down")
        try fixture.cluster.broker.bringUpAll()
        try await fixture.waitForEmptyOutbox()
        await relaying.stop()
        await producer.shutdown()
        let firstRow = try await fixture.database.withConnection { database in
            try await database.select().columns("attempts", "last_error").from("outbox_events").orderBy("seq").first()
        }
        #expect(try firstRow?.decode(column: "attempts", as: Int.self) ?? 0 >= 1, "the relay met the outage and backed off")
        #expect(try firstRow?.decode(column: "last_error", as: String?.self)?.isEmpty == false)

        let consumer = try fixture.cluster.consumer()
        let messages = try await consume(consumer, count: 10_000, within: .seconds(60))
        let extra = try? await consume(consumer, count: 1, within: .seconds(3))
        #expect(extra == nil, "a record was published twice")
        await consumer.shutdown()

        let events = try messages.map { try CloudEvent(kafkaMessage: $0) }
        #expect(Set(events.map(\.id)).count == 10_000)
        var lastSequence: [String: Int] = [:]
        for (message, event) in zip(messages, events) {
            let status = try ShelterStatus(cloudEvent: event)
            #expect(message.keyString == status.shelterId)
            #expect(status.occupancy == (lastSequence[status.shelterId] ?? -1) + 1, "out of order for \(status.shelterId)")
            lastSequence[status.shelterId] = status.occupancy
        }
        #expect(lastSequence.count == shelters)
        #expect(lastSequence.values.allSatisfy { $0 == updates - 1 })
        try await fixture.close()
    }

    @Test("a relay that died between publishing and marking publishes again with the same ce_id, and the inbox applies each event once",
          .timeLimit(.minutes(2)), arguments: TestDatabase.available)
    func republishAfterCrash(_ kind: TestDatabase) async throws {
        let fixture = try await BackboneFixture(kind, migrations: [ShelterLedger.migration])
        try await fixture.appendShelterUpdates(sequences: 0..<20, shelters: 5)
        let producer = try fixture.cluster.producer()
        for _ in 0..<2 {
            let relaying = fixture.startRelay(producer)
            try await fixture.waitForEmptyOutbox()
            await relaying.stop()
            // The state a crash after the delivery reports and before the marking leaves behind.
            try await fixture.database.withConnection { database in
                try await database.update("outbox_events").set("sent_at", to: SQLLiteral.null).run()
            }
        }
        await producer.shutdown()

        let consumer = try fixture.cluster.consumer()
        let messages = try await consume(consumer, count: 200)
        let ids = try messages.map { try CloudEvent(kafkaMessage: $0).id }
        #expect(Set(ids).count == 100, "each event twice, under the same ce_id")

        let runner = try fixture.runner(handler: ShelterLedger(), consumer: consumer)
        var outcomes: [InboxRunner<ShelterLedger>.Outcome] = []
        for message in messages { outcomes.append(try #require(await runner.process(message))) }
        #expect(outcomes.filter { $0 == .applied }.count == 100)
        #expect(outcomes.filter { $0 == .duplicate }.count == 100)
        #expect(try await ShelterLedger.applications(in: fixture.database) == 100)
        await consumer.shutdown()
        try await fixture.close()
    }

    /// SQLite has one writer: a long transaction (a payroll release batch) used to stop the
    /// relay after one batch, which could not be marked sent until the writer was free. Three
    /// batches here: the relay publishes up to four ahead of the marks.
    @Test("a write transaction held open delays marking rows sent, not publishing them", .timeLimit(.minutes(2)))
    func publishingDoesNotWaitForTheWriter() async throws {
        let fixture = try await BackboneFixture(.sqlite)
        try await fixture.appendShelterUpdates(sequences: 0..<300, shelters: 5)
        let (release, releasing) = AsyncStream.makeStream(of: Void.self)
        let (held, holding) = AsyncStream.makeStream(of: Void.self)
        let writer = Task {
            try await fixture.database.transaction { database in
                try await Outbox.append(ShelterStatusFixture.update(shelter: 9, sequence: 0), in: database)
                holding.yield()
                for await _ in release { break }
            }
        }
        for await _ in held { break }
        let producer = try fixture.cluster.producer()
        let relaying = fixture.startRelay(producer)
        let consumer = try fixture.cluster.consumer()
        let messages = try await consume(consumer, count: 1500, within: .seconds(30))
        let unsent = try await fixture.database.withReadConnection { try await Outbox.backlog(in: $0) }
        #expect(unsent == 1500, "the marks wait for the writer")
        releasing.finish()
        try await writer.value
        try await fixture.waitForEmptyOutbox()
        let last = try await consume(consumer, count: 1, within: .seconds(10))
        let extra = try? await consume(consumer, count: 1, within: .seconds(2))
        #expect(extra == nil, "a record was published twice")
        let ids = try (messages + last).map { try CloudEvent(kafkaMessage: $0).id }
        #expect(Set(ids).count == 1501)
        await relaying.stop()
        await producer.shutdown()
        await consumer.shutdown()
        try await fixture.close()
    }

    @Test("a relay stopped right after publishing has marked every row it published", arguments: TestDatabase.available)
    func stopMarksWhatWasPublished(_ kind: TestDatabase) async throws {
        let fixture = try await BackboneFixture(kind)
        try await fixture.appendShelterUpdates(sequences: 0..<200, shelters: 5)
        let producer = try fixture.cluster.producer()
        let relaying = fixture.startRelay(producer)
        let consumer = try fixture.cluster.consumer()
        _ = try await consume(consumer, count: 1000, within: .seconds(30))
        await relaying.stop()
        #expect(try await fixture.backlog() == 0)
        await producer.shutdown()
        await consumer.shutdown()
        try await fixture.close()
    }

    @Test("an idle relay publishes an event once the work that added it is done, not at its next look at the outbox",
          .timeLimit(.minutes(2)), arguments: TestDatabase.available)
    func wokenByAppend(_ kind: TestDatabase) async throws {
        let fixture = try await BackboneFixture(kind)
        let producer = try fixture.cluster.producer()
        // Its next look is an hour away: only the append's commit can wake it in time.
        let relaying = fixture.startRelay(producer, idleInterval: .seconds(3600))
        let consumer = try fixture.cluster.consumer()
        try await Task.sleep(for: .milliseconds(500))
        try await fixture.appendShelterUpdates(sequences: 0..<1, shelters: 1)
        let inTransaction = try await consume(consumer, count: 1, within: .seconds(20))
        // Outside a transaction (the statement commits on its own) as well.
        try await fixture.database.withConnection { database in
            try await Outbox.append(ShelterStatusFixture.update(shelter: 2, sequence: 0), in: database)
        }
        let alone = try await consume(consumer, count: 1, within: .seconds(20))
        #expect(inTransaction.map(\.keyString) + alone.map(\.keyString) == ["SH-0", "SH-2"])
        // Stopping does not wait out the hour either.
        await relaying.stop()
        #expect(try await fixture.backlog() == 0)
        await producer.shutdown()
        await consumer.shutdown()
        try await fixture.close()
    }

    @Test("a tombstone in the outbox becomes a record without a value", arguments: TestDatabase.available)
    func tombstone(_ kind: TestDatabase) async throws {
        let fixture = try await BackboneFixture(kind)
        try await fixture.database.transaction { database in
            try await Outbox.append(ShelterStatusFixture.update(shelter: 1, sequence: 0), in: database)
            try await Outbox.appendTombstone(topic: fixture.topic, key: "SH-1", in: database)
        }
        let producer = try fixture.cluster.producer()
        let relaying = fixture.startRelay(producer)
        try await fixture.waitForEmptyOutbox()
        await relaying.stop()
        await producer.shutdown()
        let consumer = try fixture.cluster.consumer()
        let messages = try await consume(consumer, count: 2)
        #expect(messages.map(\.keyString) == ["SH-1", "SH-1"])
        #expect(messages.map(\.isTombstone) == [false, true])
        await consumer.shutdown()
        try await fixture.close()
    }
}
