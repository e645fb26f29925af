import Foundation

/// The bounded hand-over of message batches from a consumer's poll thread to the task that
/// iterates. Unlike `AsyncStream`, cancelling one iteration does not end the channel, and a
/// batch an iterator gave up part-way is put back at the front, so no message is skipped.
final class BatchChannel<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [Element] = []
    private var waiter: CheckedContinuation<Element?, Error>?
    private var finished = false
    private var failure: Error?
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Blocks the poll thread while the channel is full. Returns false, dropping nothing the
    /// application saw, when `shouldStop` says so or the channel is finished.
    func put(_ element: Element, shouldStop: () -> Bool) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while buffer.count >= capacity && !finished {
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.1))
            if shouldStop() { return false }
        }
        guard !finished else { return false }
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: element)
        } else {
            buffer.append(element)
        }
        return true
    }

    /// Returns an element an iterator took but did not finish, ahead of everything else.
    func putBack(_ element: Element) {
        condition.lock()
        defer { condition.unlock() }
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: element)
        } else {
            buffer.insert(element, at: 0)
        }
    }

    func finish(throwing error: Error? = nil) {
        condition.lock()
        defer { condition.unlock() }
        guard !finished else { return }
        finished = true
        failure = error
        condition.broadcast()
        if let waiter {
            self.waiter = nil
            if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
        }
    }

    /// The next element; `nil` once finished and drained. Throws `CancellationError` when the
    /// waiting task is cancelled, leaving the channel open for the next iteration.
    func next() async throws -> Element? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                condition.lock()
                defer { condition.unlock() }
                if !buffer.isEmpty {
                    continuation.resume(returning: buffer.removeFirst())
                    condition.signal()
                } else if finished {
                    if let failure { continuation.resume(throwing: failure) } else { continuation.resume(returning: nil) }
                } else if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiter = continuation
                }
            }
        } onCancel: {
            condition.lock()
            defer { condition.unlock() }
            if let waiter {
                self.waiter = nil
                waiter.resume(throwing: CancellationError())
            }
        }
    }
}
