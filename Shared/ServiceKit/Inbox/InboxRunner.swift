import Contracts
import Foundation
import Kafka
import Logging
import Metrics
import SQLKit
import ServiceLifecycle

/// Consumes a topic through the ``ConsumerLoop`` and applies each event once: the handler runs in a database transaction
/// that also records the event's deduplication key, and the offset is marked done only after
/// that transaction commits (or the record is safely on the dead-letter topic).
///
/// A record that is not a valid event, or that the handler refuses permanently
/// (``PermanentEventError``), goes to the topic's `.dlq` and the runner moves on. Any other
/// error (a database read-only, full or failing over, a broker away, an unforeseen fault) is
/// retried with backoff until it passes, and the runner is reported stalled meanwhile.
public final class InboxRunner<Handler: InboxHandler>: Service, Sendable {
    public struct Configuration: Sendable {
        /// The inbox namespace; use the consumer group id.
        public var consumerName: String
        public var backoff: Backoff
        /// Where the runner reports itself stalled; the service's readiness reads it.
        public var health: ConsumerHealth

        public init(consumerName: String, backoff: Backoff = Backoff(), health: ConsumerHealth = ConsumerHealth()) {
            self.consumerName = consumerName
            self.backoff = backoff
            self.health = health
        }
    }

    /// What became of one record.
    public enum Outcome: Sendable, Equatable {
        case applied
        case duplicate
        case deadLettered(reason: String)
    }

    private let loop: ConsumerLoop
    private let database: ServiceDatabase
    private let handler: Handler
    private let configuration: Configuration

    public init(
        consumer: KafkaConsumer, database: ServiceDatabase, handler: Handler, deadLetters: DeadLetterPublisher,
        configuration: Configuration, logger: Logger
    ) {
        self.loop = ConsumerLoop(
            consumer: consumer, deadLetters: deadLetters,
            configuration: ConsumerLoop.Configuration(
                name: configuration.consumerName, backoff: configuration.backoff, health: configuration.health),
            logger: logger)
        self.database = database
        self.handler = handler
        self.configuration = configuration
    }

    /// Runs until graceful shutdown; the record in hand is finished first.
    public func run() async throws {
        await loop.run { message in try await self.attempt(message) }
    }

    /// Processes one record to the end: applied, recognized as a duplicate, or dead-lettered.
    /// Failures are retried inside until they pass or the task is cancelled; then it returns nil.
    public func process(_ message: KafkaConsumerMessage) async -> Outcome? {
        switch await loop.process(message, attempt) {
        case .done(let outcome)?: outcome
        case .deadLettered(let reason)?: .deadLettered(reason: reason)
        case nil: nil
        }
    }

    private func attempt(_ message: KafkaConsumerMessage) async throws -> Outcome {
        let consumerName = configuration.consumerName
        let handler = self.handler
        if message.isTombstone {
            guard let key = message.key.map({ String(decoding: $0, as: UTF8.self) }) else {
                throw ConsumerLoop.Refusal("tombstone without a key")
            }
            try await classifyingPermanent {
                try await database.transaction { try await handler.handleTombstone(key: key, topic: message.topic, in: $0) }
            }
            return .applied
        }
        let event: CloudEvent
        do {
            event = try CloudEvent(kafkaMessage: message)
        } catch {
            throw ConsumerLoop.Refusal(error.description)
        }
        let key = handler.deduplicationKey(for: event)
        return try await classifyingPermanent {
            try await database.transaction { database in
                guard try await Inbox.record(
                    key: key, consumer: consumerName, topic: message.topic, partition: message.partition,
                    offset: message.offset, in: database)
                else { return .duplicate }
                try await handler.handle(event, in: database)
                return .applied
            }
        }
    }

    /// Turns the errors that can never pass into a refusal.
    private func classifyingPermanent<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as PermanentEventError {
            throw ConsumerLoop.Refusal(error.reason)
        } catch let error as CivilEventDecodingError {
            throw ConsumerLoop.Refusal(error.description)
        } catch let error as CloudEventError {
            throw ConsumerLoop.Refusal(error.description)
        }
    }
}
