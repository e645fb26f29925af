import Foundation
import Logging
import SQLKit
import Synchronization

/// Outbox rows the broker has acknowledged, waiting to be marked sent. The relay hands them
/// over and goes on publishing; ``run()`` marks whatever has gathered, in one transaction,
/// whenever the database's writer is free. So a long write transaction (a payroll release
/// batch) holds up marking, not publishing. Until a row is marked the relay skips it; if the
/// process dies first, the row is published again with the same `ce_id`, as before.
final class OutboxSentMarks: Sendable {
    private struct State {
        /// Acknowledged seqs in the order they were acknowledged, not yet in a marking transaction.
        var waiting: [Int64] = []
        /// Acknowledged seqs not yet committed as sent.
        var unmarked: Set<Int64> = []
    }

    private let database: ServiceDatabase
    private let backoff: Backoff
    private let logger: Logger
    private let state = Mutex(State())
    private let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    init(database: ServiceDatabase, backoff: Backoff, logger: Logger) {
        self.database = database
        self.backoff = backoff
        self.logger = logger
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Hands over seqs the broker acknowledged.
    func add(_ seqs: some Collection<Int64>) {
        guard !seqs.isEmpty else { return }
        state.withLock {
            $0.waiting.append(contentsOf: seqs)
            $0.unmarked.formUnion(seqs)
        }
        signal.yield()
    }

    /// Seqs acknowledged but not yet committed as sent: the relay must not publish them again.
    var unmarked: Set<Int64> { state.withLock { $0.unmarked } }

    var unmarkedCount: Int { state.withLock { $0.unmarked.count } }

    /// Marks what is handed over until ``finish()`` or cancellation. Call
    /// ``markAcknowledged()`` once more after it returns, when nothing is handed over any more.
    func run() async {
        for await _ in signals {
            await markAcknowledged()
        }
    }

    /// Ends ``run()``.
    func finish() {
        signal.finish()
    }

    /// Marks every acknowledged row handed over so far; never call it while ``run()`` may.
    /// Retries until it succeeds, except during shutdown (cancelled), when it gives up after
    /// three failures: the rows left unmarked are published again after the restart.
    func markAcknowledged() async {
        var failures = 0
        while true {
            let seqs = state.withLock { $0.waiting }
            guard !seqs.isEmpty else { return }
            do {
                let now = Date()
                try await database.transaction { database in
                    // Under SQLite's and PostgreSQL's bind limits.
                    for start in stride(from: 0, to: seqs.count, by: 10_000) {
                        try await database.update(Outbox.table).set("sent_at", to: SQLBind(now))
                            .where("seq", .in, SQLBind.group(Array(seqs[start..<min(start + 10_000, seqs.count)])))
                            .run()
                    }
                }
                state.withLock {
                    $0.waiting.removeFirst(seqs.count)
                    $0.unmarked.subtract(seqs)
                }
                failures = 0
            } catch {
                failures += 1
                logger.warning("marking published outbox rows as sent failed; retrying", metadata: [
                    "error": "\(error)", "failures": "\(failures)", "rows": "\(seqs.count)",
                ])
                if Task.isCancelled, failures >= 3 { return }
                await backoff.wait(afterFailures: failures)
            }
        }
    }
}
