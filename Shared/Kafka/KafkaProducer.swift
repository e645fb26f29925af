import Logging
import ServiceLifecycle

/// Produces records to Kafka. Idempotent by default, so a retry after a broker outage never
/// writes a record twice. Run it in a `ServiceGroup` (or call `shutdown`) so that every record
/// accepted before shutdown is delivered.
public final class KafkaProducer: Service, Sendable {
    @usableFromInline let core: RDKafkaProducerCore
    public let configuration: KafkaProducerConfiguration

    /// Fails with a `.configuration` error naming the property when librdkafka refuses one.
    public init(configuration: KafkaProducerConfiguration, logger: Logger = Logger(label: "kafka.producer")) throws {
        self.configuration = configuration
        self.core = try RDKafkaProducerCore(
            properties: configuration.librdkafkaProperties, clientID: configuration.client.clientID,
            reportBuffer: configuration.maxQueuedMessages, logger: logger)
    }

    /// Sends a record and returns once the broker has acknowledged it.
    /// - Throws: `KafkaError` (`.produce` when librdkafka refuses it, e.g. too large; `.delivery`
    ///   when it could not be delivered within the delivery timeout).
    @discardableResult
    public func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport {
        try await core.send(message)
    }

    /// Sends records in the given order and waits for all their acknowledgements: one round trip
    /// for the batch rather than one per record, with order per partition kept. Stops queueing at
    /// the first record librdkafka refuses; that record and the ones after it fail with the refusal.
    /// - Returns: one result per message, in the order given.
    public func sendAll(_ messages: [KafkaProducerMessage]) async -> [Result<KafkaDeliveryReport, KafkaError>] {
        await core.sendAll(messages)
    }

    /// Sends a batch's records in order and waits until all are acknowledged: the bulk path of a
    /// fan-out, where a record costs no allocation of its own and no report is kept per record.
    /// Stops queueing at the first record librdkafka refuses; the records queued before it are
    /// still waited for.
    /// - Throws: the first `KafkaError`: a refusal (`.produce`), or a record not delivered within
    ///   the delivery timeout (`.delivery`). Some records may be on the broker then; sending the
    ///   batch again is safe only for records whose consumers recognize a repeat (by event id).
    public func sendAll(_ batch: KafkaRecordBatch) async throws {
        try await core.sendAll(batch)
    }

    /// Queues a record without waiting for its acknowledgement: the fast path for bulk
    /// producing. Its report arrives on `deliveryReports` under the returned id. Waits while the
    /// local queue is full; never drops. Runs on the caller's executor (`nonisolated(nonsending)`):
    /// a caller on an actor would otherwise hop to the global executor and back for every record.
    /// Inlinable, so that a record the queue has room for costs no async call.
    @inlinable @discardableResult
    nonisolated(nonsending) public func enqueue(_ message: KafkaProducerMessage) async throws -> UInt64 {
        let id = core.nextMessageID(awaited: false)
        if try core.produceIfRoom(message, id: id) { return id }
        try await core.produce(message, id: id)
        return id
    }

    /// Reports for records queued with `enqueue`. If nobody reads them, only the newest
    /// `maxQueuedMessages` reports are kept (the records themselves are never dropped).
    /// Iterate it from one task.
    public var deliveryReports: KafkaDeliveryReports { KafkaDeliveryReports(buffer: core.reports) }

    /// Fetches the partitions and leaders of `topics` now, so that the first record sent to
    /// them does not wait for a metadata round trip (hundreds of milliseconds against a real
    /// cluster): for latency-sensitive producers such as alert dispatch.
    /// - Throws: `KafkaError` when a topic does not exist or the cluster does not answer in time.
    public func prepare(topics: [String], timeout: Duration = .seconds(10)) async throws {
        try await core.prepare(topics: topics, timeout: timeout)
    }

    /// Records accepted but not yet acknowledged.
    public var outstandingMessages: Int { core.outstanding }

    /// Waits until every accepted record is acknowledged or failed.
    public func flush(timeout: Duration? = nil) async throws {
        try await core.flush(timeout: timeout ?? configuration.flushTimeout)
    }

    /// Stops accepting records, delivers what was accepted (up to the flush timeout), and closes.
    public func shutdown() async {
        await core.shutdown(flushTimeout: configuration.flushTimeout)
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    deinit {
        if !core.isClosing {
            core.logger.warning("KafkaProducer released without shutdown; undelivered records may be lost")
        }
    }
}
