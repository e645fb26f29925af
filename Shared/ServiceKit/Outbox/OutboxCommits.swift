import Synchronization

/// Wakes the outbox relay when work that appended to the outbox is done (its transaction
/// committed), so that the relay publishes at once rather than at its next look at an idle outbox.
/// An accepted alert's dispatch records waited for that look (up to 200 ms, the relay's idle
/// interval), and so did its first notification. Only this process's appends wake it; another
/// process's are found at the next look.
final class OutboxCommits: Sendable {
    /// Set by ``Outbox``'s appends on the task that runs a connection's work, and read once that
    /// work is done (a transaction's body includes its commit).
    final class Mark: Sendable {
        @TaskLocal static var current: Mark?
        private let appended = Atomic<Bool>(false)

        var isSet: Bool { appended.load(ordering: .relaxed) }

        /// Marks the work on the current connection as having appended to the outbox.
        static func appended() {
            current?.appended.store(true, ordering: .relaxed)
        }
    }

    private struct State {
        /// Counts the signals: a waiter that saw an older count returns at once.
        var generation: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Read before looking at the outbox, and handed to ``wait(after:upTo:)`` if it was empty:
    /// an append committed in between is not slept through.
    var generation: UInt64 { state.withLock { $0.generation } }

    func signal() {
        let waiters = state.withLock { state in
            state.generation &+= 1
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters.values { waiter.resume() }
    }

    /// Returns after the first signal since `generation` was read, after `timeout`, or when the
    /// task is cancelled, whichever comes first.
    func wait(after generation: UInt64, upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.signalled(after: generation) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func signalled(after generation: UInt64) async {
        let id = state.withLock { state in
            defer { state.nextWaiter &+= 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state in
                    guard state.generation == generation, !Task.isCancelled else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
