import Contracts
import Foundation
import SQLKit
import Kafka
import KafkaTestSupport
import ServiceKit
import Synchronization

/// A test inbox handler: counts, per shelter, how often a shelter event took effect. It can be
/// told to fail its first calls, to show that failures are retried.
final class ShelterLedger: InboxHandler {
    static let migration = DatabaseMigration("shelter-ledger-1") { database in
        try await database.create(table: "shelter_ledger")
            .column("shelter_id", type: .text, .primaryKey(autoIncrement: false))
            .column("applications", type: .int, .notNull)
            .column("last_occupancy", type: .int, .notNull)
            .run()
    }

    struct Flaky: Error {}

    private let failuresLeft: Mutex<Int>
    private let businessKey: Bool

    /// - Parameters:
    ///   - failFirst: how many calls throw an unclassified error before calls succeed.
    ///   - businessKey: deduplicate on shelter and occupancy instead of the event id.
    init(failFirst: Int = 0, businessKey: Bool = false) {
        failuresLeft = Mutex(failFirst)
        self.businessKey = businessKey
    }

    func deduplicationKey(for event: CloudEvent) -> String {
        guard businessKey, let status = try? ShelterStatus(cloudEvent: event) else { return event.id }
        return "\(status.shelterId)/\(status.occupancy)"
    }

    func handle(_ event: CloudEvent, in database: any SQLDatabase) async throws {
        let fail = failuresLeft.withLock { left in
            defer { left = max(0, left - 1) }
            return left > 0
        }
        if fail { throw Flaky() }
        let status = try ShelterStatus(cloudEvent: event)
        let existing = try await database.select().column("applications").from("shelter_ledger")
            .where("shelter_id", .equal, SQLBind(status.shelterId)).first()
        if let existing {
            try await database.update("shelter_ledger")
                .set("applications", to: SQLBind(try existing.decode(column: "applications", as: Int.self) + 1))
                .set("last_occupancy", to: SQLBind(status.occupancy))
                .where("shelter_id", .equal, SQLBind(status.shelterId)).run()
        } else {
            try await database.insert(into: "shelter_ledger").columns("shelter_id", "applications", "last_occupancy")
                .values(SQLBind(status.shelterId), SQLBind(1), SQLBind(status.occupancy)).run()
        }
    }

    /// Total number of times any event took effect.
    static func applications(in database: ServiceDatabase) async throws -> Int {
        try await database.withConnection { database in
            try await database.select().column("applications").from("shelter_ledger").all()
                .reduce(0) { $0 + (try $1.decode(column: "applications", as: Int.self)) }
        }
    }
}

extension BackboneFixture {
    func runner<Handler: InboxHandler>(
        handler: Handler, consumer: KafkaConsumer, health: ConsumerHealth = ConsumerHealth()
    ) throws -> InboxRunner<Handler> {
        InboxRunner(
            consumer: consumer, database: database, handler: handler,
            deadLetters: DeadLetterPublisher(producer: try cluster.producer(), consumer: "test-inbox"),
            configuration: .init(
                consumerName: "test-inbox", backoff: Backoff(initial: .milliseconds(5), maximum: .milliseconds(20)),
                health: health),
            logger: quietLogger)
    }
}
