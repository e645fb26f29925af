import Kafka
import Logging
import ServiceLifecycle

/// The one way a service works through a topic: each record is processed to the end and marked
/// done in offset order per partition, so a committed offset never passes unfinished work. The
/// inbox runner and the alert dispatch workers are both this loop with their own work.
///
/// Errors are classified. A record that can never succeed (it does not decode, or breaks a
/// business rule: the work throws ``Refusal``) goes to the dead-letter topic with the reason.
/// Every other error, a database that is read-only, full or failing over, a broker away, or a
/// fault nobody foresaw, is retried with backoff for as long as it lasts: dead-lettering a good
/// event would leave a decision or a bank result unapplied. While it lasts the consumer is
/// reported stalled (``ConsumerHealth``: readiness 503, `consumer_stalled`).
public struct ConsumerLoop: Sendable {
    public struct Configuration: Sendable {
        /// The name the health report and the metrics use (the consumer group).
        public var name: String
        public var backoff: Backoff
        /// Records processed at once; more than one overlaps their database and broker round trips.
        public var concurrency: Int
        /// Where a consumer stuck retrying is reported (readiness, metrics).
        public var health: ConsumerHealth

        public init(name: String, backoff: Backoff = Backoff(), concurrency: Int = 1, health: ConsumerHealth = ConsumerHealth()) {
            self.name = name
            self.backoff = backoff
            self.concurrency = max(1, concurrency)
            self.health = health
        }
    }

    /// Thrown by the work for a record that can never be processed: it goes to the dead-letter
    /// topic with `reason` and the loop moves on.
    public struct Refusal: Error, Sendable {
        public let reason: String

        public init(_ reason: String) { self.reason = reason }
    }

    /// What became of one record.
    public enum Processed<Value: Sendable>: Sendable {
        case done(Value)
        case deadLettered(reason: String)
    }

    let consumer: KafkaConsumer
    let deadLetters: DeadLetterPublisher
    let configuration: Configuration
    let logger: Logger

    public init(consumer: KafkaConsumer, deadLetters: DeadLetterPublisher, configuration: Configuration, logger: Logger) {
        self.consumer = consumer
        self.deadLetters = deadLetters
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs `work` on every record until graceful shutdown. Records in hand are finished first;
    /// one stopped part-way stays unmarked and is delivered again to whoever takes over.
    public func run<Value: Sendable>(_ work: @escaping @Sendable (KafkaConsumerMessage) async throws -> Value) async {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: (KafkaConsumerMessage, Bool).self) { group in
                var completion = InOrderCompletion()
                var running = 0
                func finish(_ message: KafkaConsumerMessage, _ completed: Bool) {
                    running -= 1
                    for ready in completion.finished(message, completed: completed) { consumer.markDone(ready) }
                }
                do {
                    for try await message in consumer.messages {
                        completion.started(message)
                        running += 1
                        group.addTask { (message, await process(message, work) != nil) }
                        while running >= configuration.concurrency, let (message, completed) = await group.next() {
                            finish(message, completed)
                        }
                        if Task.isCancelled { break }
                    }
                } catch {
                    // The consumer stopped or shutdown came while waiting for a record: a clean stop.
                }
                for await (message, completed) in group { finish(message, completed) }
            }
        }
    }

    /// Processes one record to the end: done, or dead-lettered when refused. Returns nil when the
    /// service is stopping while the record still fails; it then stays unmarked.
    public func process<Value: Sendable>(
        _ message: KafkaConsumerMessage, _ work: (KafkaConsumerMessage) async throws -> Value
    ) async -> Processed<Value>? {
        var failures = 0
        while true {
            do {
                let value = try await work(message)
                configuration.health.recovered(configuration.name)
                return .done(value)
            } catch let refusal as Refusal {
                let outcome: Processed<Value>? = await deadLetter(message, reason: refusal.reason)
                if outcome != nil { configuration.health.recovered(configuration.name) }
                return outcome
            } catch is CancellationError {
                return nil
            } catch {
                failures += 1
                configuration.health.failed(configuration.name, errorType: String(reflecting: type(of: error)))
                if Task.isCancelled { return nil }
                logger.warning("record processing failed; retrying", metadata: [
                    "topic": "\(message.topic)", "partition": "\(message.partition)", "offset": "\(message.offset)",
                    "error": "\(String(reflecting: type(of: error)))", "failures": "\(failures)",
                ])
                await configuration.backoff.wait(afterFailures: failures)
            }
        }
    }

    private func deadLetter<Value>(_ message: KafkaConsumerMessage, reason: String) async -> Processed<Value>? {
        var failures = 0
        while true {
            do {
                try await deadLetters.publish(message, error: reason)
                logger.error("record dead-lettered", metadata: [
                    "topic": "\(message.topic)", "partition": "\(message.partition)", "offset": "\(message.offset)",
                    "reason": "\(reason)",
                ])
                return .deadLettered(reason: reason)
            } catch {
                failures += 1
                if Task.isCancelled { return nil }
                logger.warning("dead-letter publication failed; retrying", metadata: ["error": "\(error)"])
                await configuration.backoff.wait(afterFailures: failures)
            }
        }
    }
}
