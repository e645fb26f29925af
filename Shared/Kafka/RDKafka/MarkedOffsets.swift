import CRdKafka
import Foundation
import Logging
import Synchronization

/// Offsets the application marked done, handed to librdkafka (`rd_kafka_offsets_store`) a
/// partition list at a time instead of one call per message.
///
/// A store per message built and freed a partition list and took librdkafka's topic and
/// partition locks: about a quarter of the consumer's own time per message. Marks are stored
/// before every fetch, before partitions are revoked, before a commit and at close, and by the
/// first mark made `storeIntervalMilliseconds` or more after the last store, so an application
/// that takes its time over each message has each mark stored at once. What can wait is a
/// burst of marks made just after a store and followed by a long step with no fetch: a crash
/// then redelivers those too, which at-least-once allows. The last mark of a partition wins,
/// as it did when each mark was stored at once.
final class MarkedOffsets: Sendable {
    /// How long after a store `mark` stores again by itself, without waiting for a fetch.
    static let storeIntervalMilliseconds: Int64 = 20

    private struct State {
        /// The partition marked last, kept apart from the others: messages come in runs of one
        /// partition, and this spares hashing its topic name for each of them.
        var last: (partition: KafkaTopicPartition, next: Int64)?
        var others: [KafkaTopicPartition: Int64] = [:]
        var lastStored = coarseMilliseconds()
        /// Set at close: the handle is about to go, and later marks are dropped (their messages
        /// are redelivered, as for a revoked partition).
        var closed = false
    }

    private let handle: RDKafkaHandle
    private let logger: Logger
    private let state = Mutex(State())

    init(handle: RDKafkaHandle, logger: Logger) {
        self.handle = handle
        self.logger = logger
    }

    /// Records that messages up to and including `offset` are done.
    func mark(_ partition: KafkaTopicPartition, offset: Int64) {
        let due = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            if let last = state.last, last.partition != partition { state.others[last.partition] = last.next }
            state.last = (partition, offset + 1)
            return coarseMilliseconds() - state.lastStored >= Self.storeIntervalMilliseconds
        }
        if due { store() }
    }

    /// Hands every mark made so far to librdkafka, so that the next commit covers it.
    func store() {
        state.withLock { state in
            guard !state.closed else { return }
            storeLocked(&state)
        }
    }

    /// Stores what is marked and drops later marks; call before the handle is closed.
    func storeAndClose() {
        state.withLock { state in
            guard !state.closed else { return }
            storeLocked(&state)
            state.closed = true
        }
    }

    /// Runs under the lock, so that two stores never reach librdkafka out of order.
    private func storeLocked(_ state: inout State) {
        state.lastStored = coarseMilliseconds()
        guard let last = state.last else { return }
        var entries = state.others
        entries[last.partition] = last.next
        state.last = nil
        state.others.removeAll(keepingCapacity: true)
        let pointer = handle.pointer
        let stored = RDKafkaTopicPartitionList.with(entries.map { ($0.key, $0.value) }) { list in
            rd_kafka_offsets_store(pointer, list)  // sets an error per partition
            return RDKafkaTopicPartitionList.entries(list)
        }
        // _STATE: the partition was revoked meanwhile; its new owner processes the message again.
        for entry in stored where entry.error != RD_KAFKA_RESP_ERR_NO_ERROR && entry.error != RD_KAFKA_RESP_ERR__STATE {
            logger.warning("store offset \(entry.partition)@\(entry.offset - 1): \(KafkaError(stage: .commit, code: entry.error))")
        }
    }
}

/// A monotonic clock in milliseconds that only reads the kernel's last tick (a few
/// milliseconds coarse): `mark` asks the time for every message, and ContinuousClock's reading
/// of the CPU's counter cost about as much as the rest of `mark`.
private func coarseMilliseconds() -> Int64 {
    var now = timespec()
    #if os(Linux)
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now)
    #else
    clock_gettime(CLOCK_MONOTONIC, &now)
    #endif
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}
