import CRdKafka
import Foundation
import Logging
import Metrics
import Synchronization

/// The unsafe half of a producer: the handle, its poll thread, and the table that matches
/// delivery reports to waiting senders by the integer id carried in the message's opaque pointer.
///
/// Delivery reports arrive as librdkafka events, one per acknowledged batch of records. The
/// poll thread reads the reports out of an event at once, but leaves destroying it, which frees
/// the batch's records, to the producing task (`freeSpentEvents`, called as it queues the next
/// record). librdkafka allocates each record on the thread that queues it; freed on the poll
/// thread, every record took glibc's lock of the producing thread's heap while that thread was
/// allocating the next ones, and the two threads queued up on it. The poll thread frees spent
/// events itself once the producer has queued nothing for `idleBeforeFreeing`.
@usableFromInline
final class RDKafkaProducerCore: @unchecked Sendable {
    /// Ids with this bit set belong to `send` calls waiting for their report; the others go to
    /// the delivery-report stream.
    private static let awaitedBit: UInt64 = 1 << 62
    /// Ids with this bit set belong to a record batch, whose number is the rest of the id.
    private static let batchBit: UInt64 = 1 << 61

    private struct Awaited {
        var waiting: [UInt64: CheckedContinuation<KafkaDeliveryReport, Never>] = [:]
        /// Reports that arrived before their sender started waiting.
        var early: [UInt64: KafkaDeliveryReport] = [:]
    }

    let handle: RDKafkaHandle
    let logger: Logger
    private let statistics: RDKafkaStatistics
    /// Reports of enqueued records, handed over once per delivery event rather than once per
    /// record, which keeps the fast path fast.
    let reports: DeliveryReportBuffer
    /// The handle's main queue, where librdkafka puts the delivery events.
    private let eventQueue: OpaquePointer
    /// Delivery events whose reports are handed out, waiting to be destroyed (see the type's doc).
    private let spentEvents = Mutex<[SpentEvent]>([])
    private let hasSpentEvents = Atomic<Bool>(false)
    /// Counts the records queued (and is the source of their ids): the poll thread compares it
    /// across a poll to tell whether the producer is active.
    private let nextID = Atomic<UInt64>(1)
    private let awaited = Mutex(Awaited())
    /// Record batches waiting for their reports, by number.
    private let batches = Mutex<[UInt64: RDKafkaBatchDelivery]>([:])
    private let nextBatchNumber = Atomic<UInt64>(1)
    /// Senders waiting for room in a full queue, or for `flush` progress; woken after every poll.
    private let progressWaiters = Mutex<[CheckedContinuation<Void, Never>]>([])
    private let closing = Atomic<Bool>(false)
    private var pollThread: PollThread?
    /// Topics this producer has sent to. librdkafka 2.0.2 asks for a new topic's partitions when
    /// the first record arrives, but skips asking while the connection's first metadata request
    /// is in flight, and then asks only at its once-a-second topic scan: records to a topic
    /// first named just after start-up waited a second. The core asks itself, once per topic.
    private let topics = Mutex(RDKafkaTopicHandles())
    /// Metadata look-ups still running; the handle outlives them.
    private let lookups = DispatchGroup()
    private let lookUpCount = Atomic<Int>(0)
    /// Background metadata look-ups started so far.
    var metadataLookUps: Int { lookUpCount.load(ordering: .relaxed) }

    init(properties: [(String, String)], clientID: String, reportBuffer: Int, logger: Logger) throws {
        self.reports = DeliveryReportBuffer(capacity: reportBuffer)
        self.logger = logger
        statistics = RDKafkaStatistics(clientID: clientID)
        handle = try RDKafkaHandle(
            kind: RD_KAFKA_PRODUCER, properties: properties,
            callbacks: RDKafkaCallbacks(logger: logger, statistics: statistics, events: RD_KAFKA_EVENT_DR))
        eventQueue = rd_kafka_queue_get_main(handle.pointer)
        pollThread = PollThread(name: "kafka-producer-poll") { [self] in serveDeliveryEvents() }
    }

    // MARK: Producing

    @usableFromInline
    func nextMessageID(awaited: Bool) -> UInt64 {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        return awaited ? id | Self.awaitedBit : id
    }

    /// Hands the message to librdkafka if its local queue has room, without waiting.
    /// - Returns: `false` when the queue is full; `produce` waits for room.
    @usableFromInline
    func produceIfRoom(_ message: KafkaProducerMessage, id: UInt64) throws -> Bool {
        guard !closing.load(ordering: .relaxed) else { throw KafkaError.closed("producer") }
        let client = handle.pointer  // librdkafka's client handles are thread-safe
        let topic = topics.withLock { $0.handle(for: message.topic, in: client) }
        if topic.isNew { lookUpInBackground(message.topic) }
        // Records of spent events count against the queue's limit until freed.
        if hasSpentEvents.load(ordering: .relaxed) { freeSpentEvents() }
        let code = enqueue(message, topic: topic.handle, id: id)
        if code == RD_KAFKA_RESP_ERR_NO_ERROR { return true }
        guard code == RD_KAFKA_RESP_ERR__QUEUE_FULL else {
            throw KafkaError(stage: .produce, code: code, context: "topic \(message.topic)")
        }
        return false
    }

    /// Hands the message to librdkafka, waiting while the local queue is full.
    @usableFromInline
    nonisolated(nonsending) func produce(_ message: KafkaProducerMessage, id: UInt64) async throws {
        while try !produceIfRoom(message, id: id) {
            await progress()
        }
    }

    /// Produces and waits for the record's delivery report.
    func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport {
        let id = nextMessageID(awaited: true)
        try await produce(message, id: id)
        let report = await awaitReport(id: id)
        if let error = report.error { throw error }
        return report
    }

    /// Asks the cluster for each topic's metadata through this handle, which caches it.
    func prepare(topics: [String], timeout: Duration) async throws {
        let client = handle.pointer
        self.topics.withLock { known in topics.forEach { _ = known.handle(for: $0, in: client) } }
        let code: rd_kafka_resp_err_t = await onBlockingThread("kafka-producer-prepare") { [self] in
            for name in topics {
                let code = lookUp(name, timeout: timeout)
                guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { return code }
            }
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(stage: .produce, code: code, context: "metadata of \(topics.joined(separator: ", "))")
        }
    }

    /// Asks for a topic's metadata without holding up the caller: librdkafka places the
    /// topic's waiting records on its partitions as soon as the answer arrives.
    private func lookUpInBackground(_ topic: String) {
        lookUpCount.add(1, ordering: .relaxed)
        lookups.enter()
        let thread = Thread { [self] in
            defer { lookups.leave() }
            guard !isClosing else { return }
            let code = lookUp(topic, timeout: .seconds(1))
            if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.debug("metadata of \(topic): \(KafkaError(stage: .produce, code: code))")
            }
        }
        thread.name = "kafka-producer-metadata"
        thread.start()
    }

    /// One blocking metadata request for `name` (a blocking thread's work).
    private func lookUp(_ name: String, timeout: Duration) -> rd_kafka_resp_err_t {
        guard let topic = rd_kafka_topic_new(handle.pointer, name, nil) else { return RD_KAFKA_RESP_ERR__INVALID_ARG }
        defer { rd_kafka_topic_destroy(topic) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(handle.pointer, 0, topic, &metadata, Int32(timeout.milliseconds))
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { return code }
        defer { rd_kafka_metadata_destroy(metadata) }
        guard metadata.pointee.topic_cnt > 0 else { return RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART }
        return metadata.pointee.topics[0].err
    }

    /// Produces in order, then waits for every report; see `KafkaProducer.sendAll`.
    func sendAll(_ messages: [KafkaProducerMessage]) async -> [Result<KafkaDeliveryReport, KafkaError>] {
        var ids: [UInt64] = []
        ids.reserveCapacity(messages.count)
        var refusal: KafkaError?
        for message in messages {
            let id = nextMessageID(awaited: true)
            do {
                try await produce(message, id: id)
                ids.append(id)
            } catch {
                refusal = error as? KafkaError ?? KafkaError.closed("producer")
                break
            }
        }
        var results: [Result<KafkaDeliveryReport, KafkaError>] = []
        results.reserveCapacity(messages.count)
        for id in ids {
            let report = await awaitReport(id: id)
            results.append(report.error.map { .failure($0) } ?? .success(report))
        }
        if let refusal {
            results += Array(repeating: .failure(refusal), count: messages.count - ids.count)
        }
        return results
    }

    /// Produces a batch's records in order, then waits for all their reports; see
    /// `KafkaProducer.sendAll(_:)`.
    func sendAll(_ batch: KafkaRecordBatch) async throws {
        guard !batch.isEmpty else { return }
        guard !isClosing else { throw KafkaError.closed("producer") }
        let client = handle.pointer
        let topic = topics.withLock { $0.handle(for: batch.topic, in: client) }
        if topic.isNew { lookUpInBackground(batch.topic) }
        guard let topicHandle = topic.handle else {
            throw KafkaError(stage: .produce, code: RD_KAFKA_RESP_ERR__INVALID_ARG, context: "topic name \(batch.topic)")
        }
        let number = nextBatchNumber.wrappingAdd(1, ordering: .relaxed).oldValue
        let delivery = RDKafkaBatchDelivery(records: batch.count)
        batches.withLock { $0[number] = delivery }
        defer { batches.withLock { $0[number] = nil } }
        var queued = 0
        var refusal: KafkaError?
        while queued < batch.count {
            guard !isClosing else {
                refusal = KafkaError.closed("producer")
                break
            }
            let code: rd_kafka_resp_err_t
            (queued, code) = enqueue(batch, from: queued, topic: topicHandle, id: Self.batchBit | number)
            if code == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                await progress()
            } else if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                refusal = KafkaError(stage: .produce, code: code, context: "topic \(batch.topic)")
                break
            }
        }
        if queued < batch.count { delivery.notQueued(batch.count - queued) }
        let failure = await delivery.wait()
        if let error = refusal ?? failure { throw error }
    }

    /// Queues the batch's records from `start` on until one is refused (the queue full, or an
    /// error) or all are queued.
    /// - Returns: the index of the first record not queued, and why (no error when all are).
    private func enqueue(
        _ batch: KafkaRecordBatch, from start: Int, topic: RDKafkaTopicHandles.Handle, id: UInt64
    ) -> (next: Int, code: rd_kafka_resp_err_t) {
        let valuePiece = batch.piecesPerRecord - 1
        let headers = batch.headerLayout
        return batch.bytes.withUnsafeBytes { bytes in
            headers.bytes.withUnsafeBytes { headerBytes in
                withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 6) { vus in
                    func piece(_ range: Range<Int>, in buffer: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer? {
                        // Never null for an empty piece: empty and null differ.
                        UnsafeMutableRawPointer(mutating: buffer.baseAddress.map { $0 + range.lowerBound } ?? UnsafeRawPointer(bitPattern: 1))
                    }
                    for record in start..<batch.count {
                        // Records of spent events count against the queue's limit until freed.
                        if hasSpentEvents.load(ordering: .relaxed) { freeSpentEvents() }
                        guard let list = rd_kafka_headers_new(headers.count) else {
                            return (record, RD_KAFKA_RESP_ERR__FAIL)
                        }
                        for header in headers.shared {
                            _ = rd_kafka_header_add(
                                list, piece(header.name, in: headerBytes), header.name.count,
                                header.value.map { piece($0, in: headerBytes) } ?? nil, header.value?.count ?? 0)
                        }
                        for (index, name) in headers.ownNames.enumerated() {
                            let value = batch.piece(record, index + 1)
                            _ = rd_kafka_header_add(list, piece(name, in: headerBytes), name.count, piece(value, in: bytes), value.count)
                        }
                        let key = batch.piece(record, 0)
                        let value = batch.piece(record, valuePiece)
                        vus[0].vtype = RD_KAFKA_VTYPE_RKT
                        vus[0].u.rkt = topic.pointer
                        vus[1].vtype = RD_KAFKA_VTYPE_KEY
                        vus[1].u.mem.ptr = piece(key, in: bytes)
                        vus[1].u.mem.size = key.count
                        vus[2].vtype = RD_KAFKA_VTYPE_VALUE
                        vus[2].u.mem.ptr = piece(value, in: bytes)
                        vus[2].u.mem.size = value.count
                        vus[3].vtype = RD_KAFKA_VTYPE_OPAQUE
                        vus[3].u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(id))
                        vus[4].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                        vus[4].u.i = RD_KAFKA_MSG_F_COPY
                        vus[5].vtype = RD_KAFKA_VTYPE_HEADERS
                        vus[5].u.headers = list
                        // Counted as activity by the poll thread (see `serveDeliveryEvents`).
                        nextID.wrappingAdd(1, ordering: .relaxed)
                        if let error = rd_kafka_produceva(handle.pointer, vus.baseAddress, 6) {
                            defer { rd_kafka_error_destroy(error) }
                            rd_kafka_headers_destroy(list)
                            return (record, rd_kafka_error_code(error))
                        }
                    }
                    return (batch.count, RD_KAFKA_RESP_ERR_NO_ERROR)
                }
            }
        }
    }

    private func awaitReport(id: UInt64) async -> KafkaDeliveryReport {
        await withCheckedContinuation { continuation in
            awaited.withLock { state in
                if let report = state.early.removeValue(forKey: id) {
                    continuation.resume(returning: report)
                } else {
                    state.waiting[id] = continuation
                }
            }
        }
    }

    /// `topic` is the topic's handle, or `nil` to produce by name.
    private func enqueue(_ message: KafkaProducerMessage, topic topicHandle: RDKafkaTopicHandles.Handle?, id: UInt64) -> rd_kafka_resp_err_t {
        message.topic.withCString { topic in
            message.key.withOptionalBytes { key in
                message.value.withOptionalBytes { value in
                    withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 7) { vus in
                        var count = 0
                        func add(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                            var vu = rd_kafka_vu_t()
                            vu.vtype = type
                            fill(&vu)
                            vus[count] = vu
                            count += 1
                        }
                        if let topicHandle {
                            add(RD_KAFKA_VTYPE_RKT) { $0.u.rkt = topicHandle.pointer }
                        } else {
                            add(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
                        }
                        if let partition = message.partition { add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition } }
                        if let key { add(RD_KAFKA_VTYPE_KEY) { $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress); $0.u.mem.size = key.count } }
                        if let value { add(RD_KAFKA_VTYPE_VALUE) { $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress); $0.u.mem.size = value.count } }
                        add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(id)) }
                        add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                        let headers = RDKafkaHeaders.make(message.headers)
                        if let headers { add(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers } }
                        guard let error = rd_kafka_produceva(handle.pointer, vus.baseAddress, count) else {
                            return RD_KAFKA_RESP_ERR_NO_ERROR  // librdkafka now owns the headers
                        }
                        defer { rd_kafka_error_destroy(error) }
                        if let headers { rd_kafka_headers_destroy(headers) }
                        return rd_kafka_error_code(error)
                    }
                }
            }
        }
    }

    // MARK: Delivery reports (poll thread)

    /// One turn of the poll thread: waits for an event, then serves every event already queued
    /// behind it, and frees the spent delivery events itself once the producer has queued nothing
    /// for a while. One produce response brings one delivery event per partition, queued
    /// together: serving them as one batch wakes the report reader and the senders waiting for
    /// room once per response instead of once per partition.
    private func serveDeliveryEvents() {
        let timeout: Int32 = hasSpentEvents.load(ordering: .relaxed) ? 10 : 100
        var next = rd_kafka_queue_poll(eventQueue, timeout)
        var reportBatch: [KafkaDeliveryReport] = []
        var spent: [SpentEvent] = []
        while let event = next {
            // A queue polled for events hands out statistics and errors as events too, instead
            // of calling the callbacks for them.
            switch rd_kafka_event_type(event) {
            case RD_KAFKA_EVENT_DR:
                deliver(event, into: &reportBatch)
                spent.append(SpentEvent(pointer: event))
            case RD_KAFKA_EVENT_STATS:
                if let json = rd_kafka_event_stats(event) {
                    statistics.record(json: UnsafeRawBufferPointer(start: json, count: strlen(json)))
                }
                rd_kafka_event_destroy(event)
            case RD_KAFKA_EVENT_ERROR:
                let text = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
                let fatal = rd_kafka_event_error_is_fatal(event) != 0
                logger.log(level: fatal ? .critical : .error, "\(text)", metadata: ["rdkafka.facility": "ERROR"])
                rd_kafka_event_destroy(event)
            default:
                rd_kafka_event_destroy(event)
            }
            next = spent.count < Self.eventsPerTurn ? rd_kafka_queue_poll(eventQueue, 0) : nil
        }
        if !reportBatch.isEmpty { reports.append(reportBatch) }
        if !spent.isEmpty {
            spentEvents.withLock { $0.append(contentsOf: spent) }
            hasSpentEvents.store(true, ordering: .relaxed)
        }
        let now = ContinuousClock.now
        let queued = nextID.load(ordering: .relaxed)
        let producing = queued != activity.queued
        if producing {
            activity = (queued, now)
        } else if now - activity.since >= Self.idleBeforeFreeing {
            freeSpentEvents()
        }
        wakeProgressWaiters()
        if producing && !spent.isEmpty { usleep(Self.gatherWhileProducing) }
    }

    /// How long the poll thread lets delivery events gather while the producer is busy, in
    /// microseconds. A produce response brings one event per partition, and the broker thread
    /// queues them one by one: a poll thread waiting on the queue woke for each (about 9,000 times
    /// while producing 1M records of 100 B), each wake also waking the report reader, and on two
    /// cores every wake-up preempted the producing or the broker thread. An idle producer's
    /// reports (a lone `send`) are still served the moment they arrive.
    private static let gatherWhileProducing: UInt32 = 1000

    /// How long the producer must have queued nothing before the poll thread frees spent events
    /// itself. Freeing them while the producer is only descheduled for a moment (two cores, four
    /// busy threads) put the two threads back on the producing thread's heap lock.
    private static let idleBeforeFreeing = Duration.milliseconds(20)
    /// The most delivery events one turn serves: one produce response's worth for a producer
    /// that writes to a few hundred partitions, and a bound on how long a turn holds reports back.
    private static let eventsPerTurn = 256
    /// The record count the poll thread last saw, and since when; touched by the poll thread only.
    private var activity = (queued: UInt64(0), since: ContinuousClock.now)

    /// Destroys the delivery events whose reports are handed out, which frees their records.
    /// - Returns: how many events it destroyed.
    @discardableResult
    private func freeSpentEvents() -> Int {
        let events = spentEvents.withLock { events -> [SpentEvent] in
            hasSpentEvents.store(false, ordering: .relaxed)
            defer { events.removeAll(keepingCapacity: true) }
            return events
        }
        for event in events { rd_kafka_event_destroy(event.pointer) }
        return events.count
    }

    /// Reads an event's reports: a sender's goes to the sender, a record batch's are counted
    /// for its sender, and the others go onto `reports`.
    private func deliver(_ event: OpaquePointer, into reports: inout [KafkaDeliveryReport]) {
        // An event holds one partition's records, a run of them usually from one record batch.
        var tally: (number: UInt64, count: Int, failure: KafkaError?)?
        while let message = rd_kafka_event_message_next(event) {
            let id = UInt64(UInt(bitPattern: message.pointee._private))
            let error = message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR
                ? nil : KafkaError(stage: .delivery, code: message.pointee.err)
            if let error {
                Counter(label: "kafka_producer_delivery_errors_total", dimensions: [("code", error.codeName)]).increment()
            }
            if id & Self.batchBit != 0 && id & Self.awaitedBit == 0 {
                let number = id & ~Self.batchBit
                if let counted = tally, counted.number != number { settleBatch(counted) }
                if tally?.number == number {
                    tally!.count += 1
                    if tally!.failure == nil { tally!.failure = error }
                } else {
                    tally = (number, 1, error)
                }
                continue
            }
            let report = KafkaDeliveryReport(
                messageID: id & ~Self.awaitedBit,
                topic: topicNames.name(of: message.pointee.rkt),
                partition: message.pointee.partition,
                offset: error == nil ? message.pointee.offset : -1,
                error: error)
            if id & Self.awaitedBit == 0 {
                if reports.isEmpty { reports.reserveCapacity(rd_kafka_event_message_count(event)) }
                reports.append(report)
            } else {
                resumeSender(id: id, with: report)
            }
        }
        if let tally { settleBatch(tally) }
    }

    private func settleBatch(_ tally: (number: UInt64, count: Int, failure: KafkaError?)) {
        batches.withLock { $0[tally.number] }?.delivered(tally.count, failure: tally.failure)
    }

    private func resumeSender(id: UInt64, with report: KafkaDeliveryReport) {
        let waiter = awaited.withLock { state -> CheckedContinuation<KafkaDeliveryReport, Never>? in
            if let waiter = state.waiting.removeValue(forKey: id) { return waiter }
            state.early[id] = report
            return nil
        }
        waiter?.resume(returning: report)
    }

    /// Topic names by librdkafka topic handle; touched by the poll thread only, so not checked
    /// for exclusive access at run time: it is read for every report.
    @exclusivity(unchecked) private var topicNames = RDKafkaTopicNames()

    // MARK: Progress, flush and shutdown

    nonisolated(nonsending) private func progress() async {
        await withCheckedContinuation { continuation in
            progressWaiters.withLock { $0.append(continuation) }
        }
    }

    private func wakeProgressWaiters() {
        let waiters = progressWaiters.withLock { waiters in
            defer { waiters.removeAll() }
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Messages not yet acknowledged (queued, in flight, or with an unserved report).
    var outstanding: Int { Int(rd_kafka_outq_len(handle.pointer)) }

    /// Waits until every accepted message has its delivery report, or `timeout` passes.
    func flush(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while outstanding > 0 {
            guard ContinuousClock.now < deadline else {
                throw KafkaError(stage: .shutdown, code: RD_KAFKA_RESP_ERR__TIMED_OUT,
                                 context: "\(outstanding) messages still undelivered after flush timeout")
            }
            freeSpentEvents()
            await progress()
        }
    }

    /// Refuses new messages, flushes, stops polling and destroys the handle. Senders still
    /// waiting for a report after that get a shutdown error, never silence.
    func shutdown(flushTimeout: Duration) async {
        guard !closing.exchange(true, ordering: .relaxed) else { return }
        do {
            try await flush(timeout: flushTimeout)
        } catch {
            logger.error("producer shutdown: \(error)")
        }
        await onBlockingThread("kafka-producer-close") { [self] in
            lookups.wait()
            pollThread?.stopAndWait()
            freeSpentEvents()
            rd_kafka_queue_destroy(eventQueue)
            topics.withLock { $0.destroyAll() }
            handle.destroy()
        }
        wakeProgressWaiters()
        let abandoned = awaited.withLock { state in
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        for delivery in batches.withLock({ Array($0.values) }) {
            delivery.abandon(with: KafkaError.closed("producer"))
        }
        for (id, waiter) in abandoned {
            waiter.resume(returning: KafkaDeliveryReport(
                messageID: id & ~Self.awaitedBit, topic: "", partition: -1, offset: -1,
                error: KafkaError.closed("producer")))
        }
        reports.finish()
    }

    var isClosing: Bool { closing.load(ordering: .relaxed) }
}

/// A delivery event whose reports are handed out: owned by the list of spent events, then by
/// whoever takes it from there to destroy it.
private struct SpentEvent: @unchecked Sendable {
    let pointer: OpaquePointer
}

extension Optional where Wrapped == Data {
    /// Calls `body` with the bytes, or `nil` for a missing value (a null key or a tombstone).
    /// An empty `Data` still gets a non-null pointer, so that empty and null stay distinct.
    /// Reaches the bytes through optional chaining, in place: unwrapping into a local first
    /// copied the `Data`, a retain and a release of its storage for every record.
    func withOptionalBytes<T>(_ body: (UnsafeRawBufferPointer?) -> T) -> T {
        switch self?.isEmpty {
        case nil:
            return body(nil)
        case true?:
            return withUnsafeBytes(of: UInt8(0)) { body(UnsafeRawBufferPointer(start: $0.baseAddress, count: 0)) }
        case false?:
            return self?.withUnsafeBytes { body($0) } ?? body(nil)
        }
    }
}
