import CRdKafka
import Logging
import ServiceLifecycle

/// A producer whose records, and optionally a consumer's offsets, become visible all together
/// or not at all. Errors carry librdkafka's classification: `isRetriable` (try the same call
/// again), `requiresAbort` (abort, then start a new transaction) or `isFatal` (recreate the
/// producer, e.g. after being fenced by a newer instance with the same transactional id).
///
/// Our correctness never rests on transactions alone: the embedded broker drops offsets sent
/// inside a transaction and never hides aborted records (librdkafka 2.0.2 mock cluster), and
/// the services keep their state in their own databases.
public final class KafkaTransactionalProducer: Service, Sendable {
    let core: RDKafkaProducerCore
    public let configuration: KafkaProducerConfiguration
    public let transactionalID: String

    public init(
        configuration: KafkaProducerConfiguration, transactionalID: String,
        transactionTimeout: Duration = .seconds(60),
        logger: Logger = Logger(label: "kafka.transactional-producer")
    ) throws {
        var configuration = configuration
        configuration.idempotent = true
        // librdkafka requires a message to time out no later than its transaction.
        configuration.deliveryTimeout = min(configuration.deliveryTimeout, transactionTimeout)
        configuration.client.properties["transactional.id"] = transactionalID
        configuration.client.properties["transaction.timeout.ms"] = String(transactionTimeout.milliseconds)
        self.configuration = configuration
        self.transactionalID = transactionalID
        core = try RDKafkaProducerCore(
            properties: configuration.librdkafkaProperties, clientID: configuration.client.clientID,
            reportBuffer: configuration.maxQueuedMessages, logger: logger)
    }

    /// Registers the transactional id with the coordinator and fences older instances. Call
    /// once before the first transaction.
    public func initialize(timeout: Duration = .seconds(30)) async throws {
        try await blocking("init transactions") { rd_kafka_init_transactions($0, Int32(timeout.milliseconds)) }
    }

    public func beginTransaction() throws {
        if let error = rd_kafka_begin_transaction(core.handle.pointer) {
            throw KafkaError(stage: .transaction, consuming: error)
        }
    }

    /// Sends a record inside the current transaction and waits for its delivery report.
    @discardableResult
    public func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport {
        try await core.send(message)
    }

    /// Commits a consumer's progress as part of the transaction (consume-transform-produce):
    /// `offsets` are the next offsets to read, per partition.
    public func sendOffsets(
        _ offsets: [KafkaTopicPartition: Int64], of consumer: KafkaConsumer, timeout: Duration = .seconds(30)
    ) async throws {
        let consumerHandle = consumer.core.handle
        let entries = offsets.map { ($0.key, $0.value) }
        guard let metadata = rd_kafka_consumer_group_metadata(consumerHandle.pointer) else {
            throw KafkaError(stage: .transaction, code: RD_KAFKA_RESP_ERR__STATE, context: "consumer has no group metadata")
        }
        let groupMetadata = RDKafkaGroupMetadata(pointer: metadata)
        defer { rd_kafka_consumer_group_metadata_destroy(groupMetadata.pointer) }
        try await blocking("send offsets to transaction") { producer in
            RDKafkaTopicPartitionList.with(entries) { list in
                rd_kafka_send_offsets_to_transaction(producer, list, groupMetadata.pointer, Int32(timeout.milliseconds))
            }
        }
    }

    public func commitTransaction(timeout: Duration = .seconds(30)) async throws {
        try await blocking("commit transaction") { rd_kafka_commit_transaction($0, Int32(timeout.milliseconds)) }
    }

    public func abortTransaction(timeout: Duration = .seconds(30)) async throws {
        try await blocking("abort transaction") { rd_kafka_abort_transaction($0, Int32(timeout.milliseconds)) }
    }

    /// Runs `body` in a transaction: commits when it returns, aborts when it or the commit
    /// throws (unless the error is fatal, when only a new producer helps), and rethrows.
    public func withTransaction<T: Sendable>(
        _ body: (KafkaTransactionalProducer) async throws -> T
    ) async throws -> T {
        try beginTransaction()
        do {
            let result = try await body(self)
            try await commitTransaction()
            return result
        } catch let error as KafkaError where error.isFatal {
            throw error
        } catch {
            try await abortTransaction()
            throw error
        }
    }

    /// Flushes what was sent and closes. An open transaction is aborted by the broker when it
    /// times out, or fenced by the next instance's `initialize`.
    public func shutdown() async {
        await core.shutdown(flushTimeout: configuration.flushTimeout)
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    private func blocking(
        _ what: String, _ call: @escaping @Sendable (OpaquePointer) -> OpaquePointer?
    ) async throws {
        guard !core.isClosing else { throw KafkaError.closed("transactional producer") }
        let handle = core.handle
        let failure: KafkaError? = await onBlockingThread("kafka-\(what)") {
            call(handle.pointer).map { KafkaError(stage: .transaction, consuming: $0) }
        }
        if let failure { throw failure }
    }
}

/// A consumer's group metadata handed to the blocking thread that sends offsets; used by that
/// one call only.
private struct RDKafkaGroupMetadata: @unchecked Sendable {
    let pointer: OpaquePointer
}
