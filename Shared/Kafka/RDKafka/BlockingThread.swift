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

/// A thread that runs `iteration` until stopped: the one owner that polls a librdkafka handle.
final class PollThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var running = true
    private var finished = false

    init(name: String, iteration: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            while isRunning { iteration() }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.start()
    }

    var isRunning: Bool {
        condition.lock()
        defer { condition.unlock() }
        return running
    }

    /// Asks the loop to stop after its current iteration and waits until it has (blocking).
    func stopAndWait() {
        condition.lock()
        running = false
        while !finished { condition.wait() }
        condition.unlock()
    }
}
