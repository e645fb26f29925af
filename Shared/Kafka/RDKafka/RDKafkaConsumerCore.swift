import CRdKafka
import Foundation
import Logging
import Synchronization

/// The unsafe half of a consumer: the handle, the rebalance callback, and the fetching of
/// message batches.
///
/// The task that iterates the messages is the one owner that polls the handle, as a C client's
/// loop would: it takes a batch without blocking, and when the queue is empty it suspends until
/// librdkafka's queue event says messages arrived (or a tick passes, so that an idle consumer
/// keeps polling within `max.poll.interval.ms`). No thread hands messages to another, and a
/// rebalance is served between batches, so the application never holds a message of a
/// partition it has lost. An application that stops iterating stops fetching beyond
/// librdkafka's bounded prefetch (`queued.max.messages.kbytes`): that is the back-pressure.
final class RDKafkaConsumerCore: @unchecked Sendable {
    let handle: RDKafkaHandle
    let logger: Logger
    let configuration: KafkaConsumerConfiguration
    let rebalances: AsyncStream<KafkaRebalanceEvent>
    private let rebalancesContinuation: AsyncStream<KafkaRebalanceEvent>.Continuation
    private let stopping = Atomic<Bool>(false)
    /// Whether librdkafka has ever called the rebalance callback (so its assignor has state).
    private let everRebalanced = Atomic<Bool>(false)
    private let state = Mutex(IterationState())
    private let assigned = Mutex(Set<KafkaTopicPartition>())
    private let consumerQueue: OpaquePointer
    private let wakeup: ConsumerQueueWakeup
    private let queueSignal: QueueSignal
    /// Used by one iterating task at a time (enforced by `fetching`), so not checked for
    /// exclusive access at run time: it is read for every message.
    @exclusivity(unchecked) private var topicNames = RDKafkaTopicNames()
    /// Held while taking messages.
    private let fetching = Mutex(FetchState())
    let fetchWaker: FetchWaker
    let marked: MarkedOffsets
    /// Messages an iterator took but did not hand out before it went away; the next iterator
    /// starts with them, so that no message is skipped.
    private let unread = Mutex([KafkaConsumerMessage]())

    private struct FetchState {
        /// Key and value bytes taken since the queue was last found empty.
        var bytesSinceEmpty = 0
        /// The records behind the last two batches taken; each is sealed when a second batch
        /// after it is taken. One batch later would do for an application that drops each
        /// message before asking for the next, but the iterating loop's own variable still
        /// holds the last message of a batch while the next one is fetched.
        var records: [RDKafkaRecords] = []
    }

    private struct IterationState {
        var activeIterators = 0
        var finishWaiter: CheckedContinuation<Void, Never>?
        /// Set when shutdown stopped waiting for the iterator, so a waiter installed afterwards
        /// (its task started late) resumes at once instead of waiting for ever.
        var stoppedWaiting = false
    }

    init(configuration: KafkaConsumerConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        (rebalances, rebalancesContinuation) = AsyncStream.makeStream(
            of: KafkaRebalanceEvent.self, bufferingPolicy: .bufferingNewest(256))
        let wakeup = try ConsumerQueueWakeup()
        self.wakeup = wakeup
        queueSignal = wakeup.signal
        let sink = RebalanceSink()
        do {
            handle = try RDKafkaHandle(
                kind: RD_KAFKA_CONSUMER, properties: configuration.librdkafkaProperties,
                callbacks: RDKafkaCallbacks(
                    logger: logger, statistics: RDKafkaStatistics(clientID: configuration.client.clientID),
                    rebalance: { sink.core?.rebalanced($0, $1, $2) }))
        } catch {
            wakeup.stop()
            throw error
        }
        rd_kafka_poll_set_consumer(handle.pointer)
        consumerQueue = rd_kafka_queue_get_consumer(handle.pointer)
        fetchWaker = FetchWaker(handle: handle)
        marked = MarkedOffsets(handle: handle, logger: logger)
        sink.core = self
        wakeup.enable(on: consumerQueue)
        do {
            try subscribe(configuration.topics)
        } catch {
            wakeup.stop()
            rd_kafka_queue_destroy(consumerQueue)
            destroyHandle(flags: RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
            throw error
        }
    }

    private func subscribe(_ topics: [String]) throws {
        let list = rd_kafka_topic_partition_list_new(Int32(topics.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in topics { rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA) }
        let code = rd_kafka_subscribe(handle.pointer, list)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(stage: .consume, code: code, context: "subscribe to \(topics)")
        }
    }

    // MARK: Fetching (the iterating task)

    /// The next batch of messages; `nil` once the consumer is shutting down. Polls without
    /// blocking and otherwise suspends; serves rebalances on the way.
    nonisolated(nonsending) func nextBatch() async throws -> KafkaConsumerMessageBatch? {
        let leftover = unread.withLock { unread in
            defer { unread.removeAll() }
            return unread
        }
        if !leftover.isEmpty { return KafkaConsumerMessageBatch(leftover) }
        while !isStopping {
            if let batch = try fetchAvailable() { return batch }
            try await queueSignal.wait(upTo: .milliseconds(500))
        }
        return nil
    }

    /// Takes what is queued, without blocking. Uses `rd_kafka_consumer_poll` per message rather
    /// than `rd_kafka_consume_batch_queue`, which in librdkafka 2.0.2 can return messages fetched
    /// for an assignment that a rebalance served in the same call has already replaced.
    private func fetchAvailable() throws -> KafkaConsumerMessageBatch? {
        try fetching.withLock { state in
            marked.store()
            var taken: [UnsafeMutablePointer<rd_kafka_message_t>] = []
            var failure: KafkaError?
            while taken.count < configuration.batchSize, failure == nil {
                guard let raw = rd_kafka_consumer_poll(handle.pointer, 0) else {
                    // Drained about as much as the prefetch limit holds: librdkafka has
                    // probably stopped fetching at that limit (see FetchWaker).
                    if state.bytesSinceEmpty >= configuration.prefetchKilobytes * 512 { fetchWaker.wake(assignment) }
                    state.bytesSinceEmpty = 0
                    break
                }
                if raw.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                    if taken.isEmpty { taken.reserveCapacity(configuration.batchSize) }
                    state.bytesSinceEmpty += raw.pointee.len + raw.pointee.key_len
                    taken.append(raw)
                } else {
                    failure = consumeError(raw)
                    rd_kafka_message_destroy(raw)
                }
            }
            guard !taken.isEmpty else {
                if let failure { throw failure }
                return nil
            }
            let records = RDKafkaRecords(taken)
            state.records.append(records)
            if state.records.count > 2 {
                var oldest = state.records.removeFirst()
                Self.seal(&oldest)
            }
            let batch = KafkaConsumerMessageBatch(capacity: taken.count)
            var bytes = RDKafkaBatchBytes(taken)
            for (index, raw) in taken.enumerated() {
                batch.append(message(from: raw, at: index, of: records, bytes: &bytes))
            }
            if let failure { throw failure }
            return batch
        }
    }

    /// Seals records that the consumer no longer keeps: their headers are read first only if
    /// a message of theirs is still alive somewhere.
    private static func seal(_ records: inout RDKafkaRecords) {
        let messagesAlive = !isKnownUniquelyReferenced(&records)
        records.seal(messagesAlive: messagesAlive)
    }

    private func message(
        from raw: UnsafeMutablePointer<rd_kafka_message_t>, at index: Int, of records: RDKafkaRecords,
        bytes: inout RDKafkaBatchBytes
    ) -> KafkaConsumerMessage {
        let m = raw.pointee
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(raw, &timestampType)
        return KafkaConsumerMessage(
            topic: topicNames.name(of: m.rkt),
            partition: m.partition,
            offset: m.offset,
            key: bytes.next(m.key, count: m.key_len),
            value: bytes.next(m.payload, count: m.len),
            headersOf: records, at: index,
            timestamp: milliseconds >= 0 ? Date(timeIntervalSince1970: Double(milliseconds) / 1000) : nil)
    }

    /// Logs a per-message error and returns it when the consumer cannot go on.
    private func consumeError(_ raw: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaError? {
        let code = raw.pointee.err
        if code == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
        if code == RD_KAFKA_RESP_ERR__FATAL {
            var text = [CChar](repeating: 0, count: 512)
            let original = rd_kafka_fatal_error(handle.pointer, &text, text.count)
            let error = KafkaError(stage: .consume, code: original.rawValue,
                                   message: text.nullTerminatedString, isFatal: true)
            logger.critical("consumer failed: \(error)")
            return error
        }
        logger.warning("consumer: \(KafkaError(stage: .consume, code: code))")
        return nil
    }

    // MARK: Rebalances (run inside the iterating task's poll, or the close loop)

    private func rebalanced(
        _ handle: OpaquePointer, _ code: rd_kafka_resp_err_t,
        _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        everRebalanced.store(true, ordering: .releasing)
        let changed = RDKafkaTopicPartitionList.entries(partitions).map(\.partition)
        // NULL once the consumer has left its group (a revoke served while closing): then the
        // configured protocol says how to unassign.
        let cooperative = rd_kafka_rebalance_protocol(handle).map { String(cString: $0) == "COOPERATIVE" }
            ?? (configuration.rebalanceProtocol == .cooperative)
        switch code {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if cooperative {
                if let error = rd_kafka_incremental_assign(handle, partitions) {
                    logger.error("incremental assign: \(KafkaError(stage: .consume, consuming: error))")
                }
            } else {
                rd_kafka_assign(handle, partitions)
            }
            assigned.withLock { $0.formUnion(changed) }
            logger.info("assigned \(changed.count) partitions", metadata: ["partitions": "\(changed)"])
            rebalancesContinuation.yield(.assigned(changed))
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            // With auto-commit on, librdkafka commits the stored (marked-done) offsets of the
            // partitions being removed before it completes the unassign: that is commit-on-revoke.
            let lost = rd_kafka_assignment_lost(handle) != 0
            marked.store()
            if cooperative {
                if let error = rd_kafka_incremental_unassign(handle, partitions) {
                    logger.error("incremental unassign: \(KafkaError(stage: .consume, consuming: error))")
                }
            } else {
                rd_kafka_assign(handle, nil)
            }
            assigned.withLock { $0.subtract(changed) }
            logger.log(level: lost ? .warning : .info, "\(lost ? "lost" : "revoked") \(changed.count) partitions",
                       metadata: ["partitions": "\(changed)"])
            rebalancesContinuation.yield(lost ? .lost(changed) : .revoked(changed))
        default:
            logger.error("rebalance failed: \(KafkaError(stage: .consume, code: code))")
            rd_kafka_assign(handle, nil)
            assigned.withLock { $0.removeAll() }
        }
    }

    // MARK: Application side

    var assignment: Set<KafkaTopicPartition> { assigned.withLock { $0 } }
    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    func putBack(_ messages: [KafkaConsumerMessage]) {
        unread.withLock { $0.insert(contentsOf: messages, at: 0) }
    }

    func iteratorStarted() {
        state.withLock { $0.activeIterators += 1 }
    }

    func iteratorFinished() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.activeIterators -= 1
            guard state.activeIterators <= 0 else { return nil }
            defer { state.finishWaiter = nil }
            return state.finishWaiter
        }
        waiter?.resume()
    }

    private func releaseShutdownWaiter() {
        let waiter = state.withLock { state in
            state.stoppedWaiting = true
            defer { state.finishWaiter = nil }
            return state.finishWaiter
        }
        waiter?.resume()
    }

    func commit() async throws {
        marked.store()
        let code = await onBlockingThread("kafka-commit") { [handle] in rd_kafka_commit(handle.pointer, nil, 0) }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR || code == RD_KAFKA_RESP_ERR__NO_OFFSET else {
            throw KafkaError(stage: .commit, code: code)
        }
    }

    func pause(_ partitions: [KafkaTopicPartition], resume: Bool) throws {
        let code = RDKafkaTopicPartitionList.with(partitions.map { ($0, 0) }) { list in
            resume ? rd_kafka_resume_partitions(handle.pointer, list) : rd_kafka_pause_partitions(handle.pointer, list)
        }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(stage: .consume, code: code, context: resume ? "resume" : "pause")
        }
    }

    func seek(_ offsets: [(KafkaTopicPartition, Int64)], timeout: Duration) async throws {
        let failure: KafkaError? = await onBlockingThread("kafka-seek") { [handle] in
            RDKafkaTopicPartitionList.with(offsets) { list in
                if let error = rd_kafka_seek_partitions(handle.pointer, list, Int32(timeout.milliseconds)) {
                    return KafkaError(stage: .seek, consuming: error)
                }
                return RDKafkaTopicPartitionList.entries(list).first { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }
                    .map { KafkaError(stage: .seek, code: $0.error, context: "\($0.partition)") }
            }
        }
        if let failure { throw failure }
    }

    func offsets(forTimestamp milliseconds: Int64, _ partitions: [KafkaTopicPartition], timeout: Duration) async throws
        -> [(KafkaTopicPartition, Int64)]
    {
        let result: Result<[(KafkaTopicPartition, Int64)], KafkaError> = await onBlockingThread("kafka-offsets-for-times") { [handle] in
            RDKafkaTopicPartitionList.with(partitions.map { ($0, milliseconds) }) { list in
                let code = rd_kafka_offsets_for_times(handle.pointer, list, Int32(timeout.milliseconds))
                guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    return .failure(KafkaError(stage: .seek, code: code, context: "offsets for timestamp"))
                }
                let entries = RDKafkaTopicPartitionList.entries(list)
                if let bad = entries.first(where: { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }) {
                    return .failure(KafkaError(stage: .seek, code: bad.error, context: "\(bad.partition)"))
                }
                return .success(entries.map { ($0.partition, $0.offset) })
            }
        }
        return try result.get()
    }

    /// The low and high watermark of each partition, asked of its leader (a round trip each, so
    /// off the cooperative pool).
    func watermarks(_ partitions: [KafkaTopicPartition], timeout: Duration) async throws
        -> [KafkaTopicPartition: (low: Int64, high: Int64)]
    {
        let result: Result<[KafkaTopicPartition: (low: Int64, high: Int64)], KafkaError> = await onBlockingThread("kafka-watermarks") { [handle] in
            var marks: [KafkaTopicPartition: (low: Int64, high: Int64)] = [:]
            for partition in partitions {
                var (low, high): (Int64, Int64) = (-1, -1)
                let code = rd_kafka_query_watermark_offsets(
                    handle.pointer, partition.topic, partition.partition, &low, &high, Int32(timeout.milliseconds))
                guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    return .failure(KafkaError(stage: .consume, code: code, context: "watermarks of \(partition)"))
                }
                marks[partition] = (low, high)
            }
            return .success(marks)
        }
        return try result.get()
    }

    /// Consumer-group lag per assigned partition, as Kafka's own tools report it: the high
    /// watermark (librdkafka's cached value, no round trip) minus the group's committed offset
    /// (asked of the coordinator, so blocking and off the cooperative pool).
    func lag(timeout: Duration) async throws -> [KafkaTopicPartition: Int64] {
        let result: Result<[KafkaTopicPartition: Int64], KafkaError> = await onBlockingThread("kafka-lag") { [handle] in
            var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            let code = rd_kafka_assignment(handle.pointer, &list)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let list else {
                return .failure(KafkaError(stage: .consume, code: code, context: "assignment"))
            }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let committed = rd_kafka_committed(handle.pointer, list, Int32(timeout.milliseconds))
            guard committed == RD_KAFKA_RESP_ERR_NO_ERROR else {
                return .failure(KafkaError(stage: .consume, code: committed, context: "committed offsets"))
            }
            var lag: [KafkaTopicPartition: Int64] = [:]
            for entry in RDKafkaTopicPartitionList.entries(list) {
                var low: Int64 = -1
                var high: Int64 = -1
                rd_kafka_get_watermark_offsets(handle.pointer, entry.partition.topic, entry.partition.partition, &low, &high)
                guard high >= 0 else { continue }
                lag[entry.partition] = max(0, high - (entry.offset >= 0 ? entry.offset : max(low, 0)))
            }
            return .success(lag)
        }
        return try result.get()
    }

    // MARK: Shutdown

    /// Stops fetching, lets the application finish the message in hand, then leaves the group
    /// (committing marked offsets) with a deadline, so that close never hangs on a dead broker.
    func shutdown() async {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        queueSignal.signal()
        await waitForIterator(timeout: configuration.closeTimeout)
        let timeout = configuration.closeTimeout
        // The close below gives up at `timeout`; the margin covers the steps around it.
        let limit = timeout + .seconds(5)
        let returned = await onBlockingThread("kafka-consumer-close", upTo: limit) { [self] in
            fetching.withLock { state in
                fetchWaker.stop()
                wakeup.stop()
                while !state.records.isEmpty {
                    var oldest = state.records.removeFirst()
                    Self.seal(&oldest)
                }
                let deadline = ContinuousClock.now + timeout
                marked.storeAndClose()
                commitMarked(before: deadline)
                let queue = rd_kafka_queue_new(handle.pointer)
                if let error = rd_kafka_consumer_close_queue(handle.pointer, queue) {
                    logger.error("close: \(KafkaError(stage: .shutdown, consuming: error))")
                }
                // The consumer queue is forwarded to `queue` during the close, with any records
                // fetched but not yet handed out. Serving it with rd_kafka_queue_poll_callback
                // aborts the process on such a record in librdkafka 2.0 (rdkafka_queue.c:516,
                // `res != RD_KAFKA_OP_RES_PASS`); rd_kafka_consume_queue serves the rebalance
                // callbacks and returns the records, which are dropped unmarked.
                while rd_kafka_consumer_closed(handle.pointer) == 0 && ContinuousClock.now < deadline {
                    if let record = rd_kafka_consume_queue(queue, 100) { rd_kafka_message_destroy(record) }
                }
                let closed = rd_kafka_consumer_closed(handle.pointer) != 0
                if !closed { logger.warning("consumer close timed out; leaving without a final commit") }
                rd_kafka_queue_destroy(queue)
                rd_kafka_queue_destroy(consumerQueue)
                destroyHandle(flags: closed ? 0 : RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
            }
        }
        if !returned {
            logger.error("consumer close still blocked inside librdkafka after \(limit); leaving it behind")
        }
        rebalancesContinuation.finish()
    }

    /// librdkafka before 2.3 aborts the process (`rd_kafka_sticky_assignor_state_destroy:
    /// Assertion 'assignor_state' failed`, confluentinc/librdkafka#4312) when a cooperative-sticky
    /// consumer is destroyed before its first assignment, e.g. a service stopped while its group
    /// still waits for a dead member's session to expire. Such a handle has already left the
    /// group; it is left for the process's exit to reclaim instead of destroyed.
    private func destroyHandle(flags: Int32) {
        if configuration.rebalanceProtocol == .cooperative && !everRebalanced.load(ordering: .acquiring) {
            logger.debug("consumer closed before its first assignment: handle left undestroyed (librdkafka#4312)")
            return
        }
        handle.destroy(flags: flags)
    }

    /// Commits the marked offsets while this member still belongs to the group: librdkafka
    /// 2.0.2 leaves the group before its own final commit, which the coordinator then refuses
    /// (REBALANCE_IN_PROGRESS or UNKNOWN_MEMBER_ID). Waits no longer than `deadline`.
    private func commitMarked(before deadline: ContinuousClock.Instant) {
        let results = rd_kafka_queue_new(handle.pointer)
        defer { rd_kafka_queue_destroy(results) }
        let code = rd_kafka_commit_queue(handle.pointer, nil, results, nil, nil)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            if code != RD_KAFKA_RESP_ERR__NO_OFFSET {
                logger.warning("final commit: \(KafkaError(stage: .commit, code: code))")
            }
            return
        }
        let remaining = max(0, (deadline - ContinuousClock.now).milliseconds)
        guard let event = rd_kafka_queue_poll(results, Int32(remaining)) else {
            logger.warning("final commit did not complete before the close timeout")
            return
        }
        defer { rd_kafka_event_destroy(event) }
        let result = rd_kafka_event_error(event)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR && result != RD_KAFKA_RESP_ERR__NO_OFFSET {
            logger.warning("final commit: \(KafkaError(stage: .commit, code: result))")
        }
    }

    private func waitForIterator(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let resumeNow = self.state.withLock { state -> Bool in
                        if state.activeIterators <= 0 || state.stoppedWaiting { return true }
                        state.finishWaiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            self.releaseShutdownWaiter()  // releases the first task if the timeout won
        }
    }
}

/// Wakes the iterating task when librdkafka puts something on the empty consumer queue (see
/// `ConsumerQueueWakeup`). A signal with nobody waiting is kept, so a wake-up between "queue
/// empty" and "wait" is never lost.
final class QueueSignal: @unchecked Sendable {
    private struct State {
        var waiter: CheckedContinuation<Void, Error>?
        var pending = false
        var generation = 0
    }

    private let state = Mutex(State())

    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Error>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns on a signal, after `limit`, or throws `CancellationError` when cancelled.
    func wait(upTo limit: Duration) async throws {
        let generation = state.withLock { state -> Int? in
            if state.pending {
                state.pending = false
                return nil
            }
            state.generation += 1
            return state.generation
        }
        guard let generation else { return }
        let timer = Task { [weak self] in
            try await Task.sleep(for: limit)
            self?.expire(generation)
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || state.generation != generation {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func expire(_ generation: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Error>? in
            guard state.generation == generation else { return nil }
            state.generation += 1
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}

/// Lets the rebalance callback, created before the core, reach it once it exists. Unowned:
/// librdkafka calls it only inside the core's own polls, and a weak reference would put every
/// retain of the core on the slow, side-table path.
private final class RebalanceSink: @unchecked Sendable {
    unowned(unsafe) var core: RDKafkaConsumerCore?
}

