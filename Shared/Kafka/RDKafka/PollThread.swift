import Foundation

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
