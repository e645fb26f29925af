import Foundation
import Synchronization

/// Runs a blocking librdkafka call (flush, commit, close, transactions, metadata) on a thread
/// of its own, so that it never occupies one of the few threads of Swift's cooperative pool.
func onBlockingThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.name = name
        thread.start()
    }
}

/// Runs `body` on a thread of its own and waits for it at most `limit`. A librdkafka call that
/// never returns then costs a parked thread instead of a caller that hangs: librdkafka 2.0.2
/// can block for ever in `rd_kafka_incremental_unassign` called from the rebalance callback
/// while a cooperative consumer closes (seen once in CI, in the dead-letter test).
/// - Returns: `false` when `limit` passed first; `body` then still runs to its end, if ever.
func onBlockingThread(_ name: String, upTo limit: Duration, _ body: @escaping @Sendable () -> Void) async -> Bool {
    await withCheckedContinuation { continuation in
        let once = ResumeOnce(continuation)
        let thread = Thread {
            body()
            once.resume(returning: true)
        }
        thread.name = name
        thread.start()
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(limit.milliseconds))) {
            once.resume(returning: false)
        }
    }
}

/// Resumes a continuation with the first answer given and ignores the later ones.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, Never>?>

    init(_ continuation: CheckedContinuation<T, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(returning value: T) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}
