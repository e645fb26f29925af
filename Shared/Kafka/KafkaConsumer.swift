import Foundation
import Logging
import ServiceLifecycle

/// Consumes a set of topics as a member of a consumer group. At-least-once: the offset of a
/// message is committed only after the application calls `markDone` for it, so a crash or a
/// rebalance redelivers at most the messages in hand. Run it in a `ServiceGroup` (or call
/// `shutdown`) so that the group is left cleanly and marked offsets are committed.
public final class KafkaConsumer: Service, Sendable {
    let core: RDKafkaConsumerCore

    /// Subscribes at once; fails with a `.configuration` error naming a refused property.
    public init(configuration: KafkaConsumerConfiguration, logger: Logger = Logger(label: "kafka.consumer")) throws {
        core = try RDKafkaConsumerCore(configuration: configuration, logger: logger)
    }

    /// The messages, tombstones included, in order per partition. Iterate it from one task
    /// only. Ends after `shutdown` (once the message in hand is finished), and throws if the
    /// consumer hits a fatal error.
    public var messages: KafkaConsumerMessages { KafkaConsumerMessages(core: core) }

    /// Assignment changes, for per-partition state and readiness.
    public var rebalances: AsyncStream<KafkaRebalanceEvent> { core.rebalances }

    /// The partitions this member owns now.
    public var assignment: Set<KafkaTopicPartition> { core.assignment }

    /// Marks a message processed: its offset (and all before it in the partition) will be
    /// committed. A message of a partition revoked meanwhile is silently left to its new owner,
    /// and so is one marked after `shutdown`.
    public func markDone(_ message: KafkaConsumerMessage) {
        core.marked.mark(message.topicPartition, offset: message.offset)
    }

    /// Commits the offsets marked done now, instead of at the next interval.
    public func commit() async throws {
        try await core.commit()
    }

    /// Stops fetching from these partitions until `resume`. Messages of the batch in hand are
    /// still delivered.
    public func pause(_ partitions: [KafkaTopicPartition]) throws {
        try core.pause(partitions, resume: false)
    }

    public func resume(_ partitions: [KafkaTopicPartition]) throws {
        try core.pause(partitions, resume: true)
    }

    /// Moves the position of assigned partitions, e.g. to replay. Messages of the batch in hand
    /// are still delivered first.
    public func seek(_ partition: KafkaTopicPartition, to offset: Int64, timeout: Duration = .seconds(10)) async throws {
        try await core.seek([(partition, offset)], timeout: timeout)
    }

    /// Replays from the first message at or after `date` in each of these partitions (from the
    /// end where no message is that new). Needs a real broker: the embedded one cannot look up
    /// timestamps and seeks to the end.
    public func seek(_ partitions: [KafkaTopicPartition], to date: Date, timeout: Duration = .seconds(10)) async throws {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let offsets = try await core.offsets(forTimestamp: milliseconds, partitions, timeout: timeout)
        try await core.seek(offsets, timeout: timeout)
    }

    /// The offset of the first message at or after `date` in a partition; `nil` when no message
    /// is that new. (The embedded broker cannot look up timestamps and always answers `nil`.)
    public func offset(for date: Date, in partition: KafkaTopicPartition, timeout: Duration = .seconds(10)) async throws -> Int64? {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let offset = try await core.offsets(forTimestamp: milliseconds, [partition], timeout: timeout).first?.1 ?? -1
        return offset >= 0 ? offset : nil
    }

    /// The first offset still kept and the offset the next record will get, per partition,
    /// assigned or not: a reader that must stop at "everything written so far" reads up to `high`.
    public func watermarks(of partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws
        -> [KafkaTopicPartition: (low: Int64, high: Int64)]
    {
        try await core.watermarks(partitions, timeout: timeout)
    }

    /// Messages behind the end of each assigned partition, counted from the group's committed
    /// offset (what a restart would resume from), as Kafka's consumer-group tools count it.
    public func lag(timeout: Duration = .seconds(10)) async throws -> [KafkaTopicPartition: Int64] {
        try await core.lag(timeout: timeout)
    }

    /// Stops fetching, waits for the message in hand, commits marked offsets and leaves the
    /// group, all within `closeTimeout`.
    public func shutdown() async { await core.shutdown() }

    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}

/// The messages of a `KafkaConsumer`: the iterating task takes them from librdkafka a batch at a
/// time and hands them out one by one.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerMessage
    let core: RDKafkaConsumerCore

    public func makeAsyncIterator() -> AsyncIterator {
        core.iteratorStarted()
        return AsyncIterator(position: BatchPosition(core: core))
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline let position: BatchPosition

        init(position: BatchPosition) { self.position = position }

        public mutating func next() async throws -> KafkaConsumerMessage? {
            try await position.next()
        }

        /// Runs on the iterating task's actor (what `for try await` calls): handing out a
        /// message from the batch in hand then costs no hop to another executor and back.
        /// Inlinable, so that a message from the batch in hand costs no async call either.
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> KafkaConsumerMessage? {
            if let message = position.nextInBatch() { return message }
            return try await position.next()
        }
    }

    /// Where an iterator is in its batch. When the iterator goes away (`break`, cancellation,
    /// end) the unread rest of the batch goes back to the consumer for the next iterator, and
    /// the consumer learns that the message in hand is finished, so shutdown waits no longer.
    @usableFromInline
    final class BatchPosition: @unchecked Sendable {
        let core: RDKafkaConsumerCore
        /// Used by one iterator, so not checked for exclusive access at run time.
        @usableFromInline @exclusivity(unchecked) var batch: KafkaConsumerMessageBatch?

        init(core: RDKafkaConsumerCore) { self.core = core }

        /// The next message of the batch in hand; `nil` when the batch is used up or the
        /// consumer is stopping.
        @inlinable
        func nextInBatch() -> KafkaConsumerMessage? {
            guard let batch, !isStopping else { return nil }
            return batch.take()
        }

        @usableFromInline var isStopping: Bool { core.isStopping }

        @usableFromInline
        nonisolated(nonsending) func next() async throws -> KafkaConsumerMessage? {
            if let message = nextInBatch() { return message }
            guard !isStopping else { return nil }  // what is left of the batch goes back at deinit
            batch = nil
            guard let next = try await core.nextBatch() else { return nil }
            batch = next
            return next.take()
        }

        deinit {
            if let rest = batch?.takeRest(), !rest.isEmpty { core.putBack(rest) }
            core.iteratorFinished()
        }
    }
}
