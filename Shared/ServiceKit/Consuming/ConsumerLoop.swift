import Kafka
import Logging
import ServiceLifecycle

/// The one way a service works through a topic: each record is processed to the end (retried
/// with backoff while it fails, dead-lettered with the reason when it can never succeed) and
/// marked done in offset order per partition, so a committed offset never passes unfinished
/// work. The inbox runner and the alert dispatch workers are both this loop with their own work.
public struct ConsumerLoop: Sendable {
    public struct Configuration: Sendable {
        public var backoff: Backoff
        /// Failures after which a record is dead-lettered; nil retries until it succeeds or the
        /// service stops. Passing failures (database busy or failing over, broker away) are never
        /// counted: waiting them out is always right.
        public var maxAttempts: Int?
        /// Records processed at once; more than one overlaps their database and broker round trips.
        public var concurrency: Int

        public init(backoff: Backoff = Backoff(), maxAttempts: Int? = 5, concurrency: Int = 1) {
            self.backoff = backoff
            self.maxAttempts = maxAttempts
            self.concurrency = max(1, concurrency)
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

    /// Processes one record to the end: done, or dead-lettered. Returns nil when the service is
    /// stopping while the record still fails; it then stays unmarked.
    public func process<Value: Sendable>(
        _ message: KafkaConsumerMessage, _ work: (KafkaConsumerMessage) async throws -> Value
    ) async -> Processed<Value>? {
        var failures = 0
        while true {
            do {
                return .done(try await work(message))
            } catch let refusal as Refusal {
                return await deadLetter(message, reason: refusal.reason)
            } catch is CancellationError {
                return nil
            } catch {
                failures += 1
                let passing = ServiceDatabase.isTransient(error) || error is KafkaError
                if !passing, let maxAttempts = configuration.maxAttempts, failures >= maxAttempts {
                    return await deadLetter(message, reason: "failed \(failures) times: \(error)")
                }
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
