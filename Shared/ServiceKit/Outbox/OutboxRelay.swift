import Foundation
import Kafka
import Logging
import Metrics
import SQLKit
import Synchronization
import ServiceLifecycle

/// Publishes the outbox in order with the idempotent producer and marks rows sent only after
/// the broker acknowledged them. When the broker is away it backs off and resumes; nothing is
/// lost. If the process dies between publishing and marking, the rows are published again with
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
        /// Wait between looks at an empty outbox.
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
            await self.relay()
        }
    }

    private func relay() async {
        var failures = 0
        var lastPrune = ContinuousClock.now - .seconds(3600)
        while !Task.isCancelled {
            do {
                let published = try await publishBatch()
                failures = 0
                if published == 0 {
                    if ContinuousClock.now - lastPrune > .seconds(600) {
                        try await pruneSent()
                        lastPrune = .now
                    }
                    try? await Task.sleep(for: configuration.idleInterval)
                }
            } catch {
                failures += 1
                failureCounter.increment()
                logger.warning("outbox publication failed; retrying", metadata: [
                    "error": "\(error)", "failures": "\(failures)",
                ])
                await configuration.backoff.wait(afterFailures: failures)
            }
        }
    }

    /// Publishes up to one batch; returns how many rows it looked at.
    func publishBatch() async throws -> Int {
        let batchSize = configuration.batchSize
        // Read beside the writer: the service's transactions need not wait for the relay's reads.
        let (records, backlog) = try await database.withReadConnection { database in
            let records = try await database.select().columns(OutboxRecord.columns).from(Outbox.table)
                .where("sent_at", .is, SQLLiteral.null).orderBy("seq").limit(batchSize)
                .all().map(OutboxRecord.init(row:))
            // Counting a long backlog costs a scan of it: at most once a second.
            var backlog: Int?
            if records.count < batchSize {
                backlog = records.count
            } else if ContinuousClock.now - lastBacklogCount.withLock({ $0 }) > .seconds(1) {
                backlog = try await Outbox.backlog(in: database)
                lastBacklogCount.withLock { $0 = .now }
            }
            return (records, backlog)
        }
        if let backlog { backlogGauge.record(backlog) }
        guard !records.isEmpty else { return 0 }

        await prepare(topics: Set(records.map(\.topic)))
        let results = await producer.sendAll(records.map(\.kafkaMessage))
        let delivered = results.prefix { if case .success = $0 { true } else { false } }.count
        let firstError: KafkaError? = results.dropFirst(delivered).first.flatMap {
            if case .failure(let error) = $0 { error } else { nil }
        }
        try await database.transaction { database in
            if delivered > 0 {
                try await database.update(Outbox.table).set("sent_at", to: SQLBind(Date()))
                    .where("seq", .in, SQLBind.group(records.prefix(delivered).map(\.seq)))
                    .run()
            }
            if let firstError {
                let failed = records[delivered]
                try await database.update(Outbox.table)
                    .set("attempts", to: SQLBind(failed.attempts + 1))
                    .set("last_error", to: SQLBind("\(firstError)"))
                    .where("seq", .equal, SQLBind(failed.seq))
                    .run()
            }
        }
        publishedCounter.increment(by: delivered)
        if let backlog { backlogGauge.record(backlog - delivered) }
        if let firstError { throw firstError }
        return records.count
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
