import Foundation

/// Runs a blocking librdkafka call (flush, commit, close, transactions, metadata) on a thread
/// of its own, so that it never occupies one of the few threads of Swift's cooperative pool.
func onBlockingThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.name = name
        thread.start()
    }
}
