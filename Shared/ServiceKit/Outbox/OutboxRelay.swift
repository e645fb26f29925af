import Foundation
import Kafka
import Logging
import Metrics
import SQLKit
import Synchronization
import ServiceLifecycle

/// Publishes the outbox in order with the idempotent producer and marks rows sent only after
/// the broker acknowledged them (``OutboxSentMarks``, beside the publishing, so that a long
/// write transaction delays the marks, not the records). When the broker is away it backs off
/// and resumes; nothing is lost. If the process dies between publishing and marking, the rows are published again with
/// the same `ce_id`, which consumers recognize.
///
/// Put the producer before the relay in the `ServiceGroup`: services stop in reverse order, so
/// the relay finishes its batch before the producer flushes and closes.
///
/// Order per key holds as long as a batch either succeeds or fails from some record on; when a
/// record fails, the rows before it are marked sent and the relay resumes from it, so records
/// after it may be published a second time (same `ce_id`).
public final class OutboxRelay: Service, Sendable {
    public struct Configuration: Sendable {
        /// Rows read and sent per round.
        public var batchSize: Int
        /// Wait between looks at an empty outbox. Appends in this process wake the relay at once
        /// (``OutboxCommits``); the look catches those of other processes sharing the database.
        public var idleInterval: Duration
        public var backoff: Backoff
        /// Sent rows are deleted after this long (kept meanwhile for audit and replay).
        public var keepSent: Duration

        public init(
            batchSize: Int = 2000, idleInterval: Duration = .milliseconds(200), backoff: Backoff = Backoff(),
            keepSent: Duration = .seconds(7 * 86_400)
        ) {
            self.batchSize = batchSize
            self.idleInterval = idleInterval
            self.backoff = backoff
            self.keepSent = keepSent
        }
    }

    private let database: ServiceDatabase
    private let producer: KafkaProducer
    private let configuration: Configuration
    private let logger: Logger
    private let backlogGauge = Gauge(label: "outbox_backlog_events")
    private let lastBacklogCount = Mutex(ContinuousClock.now - .seconds(60))
    private let publishedCounter = Counter(label: "outbox_published_events_total")
    private let failureCounter = Counter(label: "outbox_publish_failures_total")
    /// Topics whose metadata the producer has been asked to fetch.
    private let preparedTopics = Mutex<Set<String>>([])

    public init(database: ServiceDatabase, producer: KafkaProducer, configuration: Configuration = Configuration(), logger: Logger) {
        self.database = database
        self.producer = producer
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            let marks = OutboxSentMarks(database: self.database, backoff: self.configuration.backoff, logger: self.logger)
            await withDiscardingTaskGroup { group in
                group.addTask { await marks.run() }
                await self.relay(marks: marks)
                marks.finish()
            }
            // The marker may have stopped before the last batch's acknowledgements came in.
            await marks.markAcknowledged()
        }
    }

    private func relay(marks: OutboxSentMarks) async {
        var failures = 0
        var lastPrune = ContinuousClock.now - .seconds(3600)
        var readAhead: Task<[OutboxRecord], any Error>?
        defer { readAhead?.cancel() }
        while !Task.isCancelled {
            do {
                let records: [OutboxRecord]
                // Taken before looking, so that an append committed during the look ends the wait below.
                let seen = database.outboxCommits.generation
                let wasReadAhead = readAhead != nil
                if let ahead = readAhead {
                    records = try await ahead.value
                } else {
                    records = try await read(after: nil, skipping: marks.unmarked)
                }
                readAhead = nil
                guard !records.isEmpty else {
                    // A read ahead started before `seen` was read: look again before waiting.
                    if wasReadAhead { continue }
                    if ContinuousClock.now - lastPrune > .seconds(600) {
                        try await pruneSent()
                        lastPrune = .now
                    }
                    await database.outboxCommits.wait(after: seen, upTo: configuration.idleInterval)
                    continue
                }
                // On SQLite one writer commits rows in seq order, so the next batch is the rows
                // after these: read it while these are published. (On PostgreSQL a row with a
                // lower seq may commit later, so each batch is read afresh.)
                if database.kind == .sqlite, records.count == configuration.batchSize, let last = records.last?.seq {
                    readAhead = Task { try await self.read(after: last, skipping: []) }
                }
                try await publish(records, marks: marks)
                failures = 0
            } catch {
                readAhead?.cancel()
                readAhead = nil
                failures += 1
                failureCounter.increment()
                logger.warning("outbox publication failed; retrying", metadata: [
                    "error": "\(error)", "failures": "\(failures)",
                ])
                await configuration.backoff.wait(afterFailures: failures)
            }
        }
    }

    /// Up to one batch of unsent rows in seq order, after `seq` if given, leaving out `unmarked`
    /// (published, waiting to be marked).
    private func read(after seq: Int64?, skipping unmarked: Set<Int64>) async throws -> [OutboxRecord] {
        let batchSize = configuration.batchSize
        // Read beside the writer: the service's transactions need not wait for the relay's reads.
        let (records, backlog) = try await database.withReadConnection { database in
            var select = database.select().columns(OutboxRecord.columns).from(Outbox.table).where("sent_at", .is, SQLLiteral.null)
            if let seq { select = select.where("seq", .greaterThan, SQLBind(seq)) }
            let records = try await select.orderBy("seq").limit(batchSize + unmarked.count).all()
                .map(OutboxRecord.init(row:)).filter { !unmarked.contains($0.seq) }.prefix(batchSize)
            // Counting a long backlog costs a scan of it: at most once a second.
            var backlog: Int?
            if records.count < batchSize, seq == nil {
                backlog = records.count
            } else if ContinuousClock.now - lastBacklogCount.withLock({ $0 }) > .seconds(1) {
                backlog = try await Outbox.backlog(in: database)
                lastBacklogCount.withLock { $0 = .now }
            }
            return (Array(records), backlog)
        }
        if let backlog { backlogGauge.record(backlog) }
        return records
    }

    /// Publishes `records` in order and hands the acknowledged ones to the marker. When a record
    /// fails, the ones before it count as published, its failure is recorded, and this throws.
    private func publish(_ records: [OutboxRecord], marks: OutboxSentMarks) async throws {
        // Acknowledged rows wait for the marker; while it lags far behind (the database is
        // away), stop publishing rather than hold ever more of them.
        while marks.unmarkedCount > 4 * configuration.batchSize, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(10))
        }
        await prepare(topics: Set(records.map(\.topic)))
        let results = await producer.sendAll(records.map(\.kafkaMessage))
        let delivered = results.prefix { if case .success = $0 { true } else { false } }.count
        marks.add(records.prefix(delivered).map(\.seq))
        publishedCounter.increment(by: delivered)
        guard delivered < records.count, case .failure(let error) = results[delivered] else { return }
        let failed = records[delivered]
        try await database.transaction { database in
            try await database.update(Outbox.table)
                .set("attempts", to: SQLBind(failed.attempts + 1))
                .set("last_error", to: SQLBind("\(error)"))
                .where("seq", .equal, SQLBind(failed.seq))
                .run()
        }
        throw error
    }

    /// Fetches the metadata of topics this relay has not published to yet. Otherwise librdkafka
    /// looks it up lazily, and the first record to a topic waited up to a second for it
    /// (measured on the embedded broker: an alert's first dispatch record reached its worker
    /// 1 s after acceptance instead of 0.5 s). Tried once per topic, briefly: when the cluster
    /// does not answer, the lazy lookup is left to librdkafka and any failure to the send.
    private func prepare(topics: Set<String>) async {
        let new = preparedTopics.withLock { prepared in
            defer { prepared.formUnion(topics) }
            return topics.subtracting(prepared)
        }
        guard !new.isEmpty else { return }
        do {
            try await producer.prepare(topics: new.sorted(), timeout: .seconds(1))
        } catch {
            logger.debug("topic metadata not fetched ahead of publishing", metadata: ["error": "\(error)"])
        }
    }

    private func pruneSent() async throws {
        let cutoff = Date().addingTimeInterval(-Double(configuration.keepSent.components.seconds))
        try await database.withConnection { database in
            try await database.delete(from: Outbox.table).where("sent_at", .lessThan, SQLBind(cutoff)).run()
        }
    }
}
