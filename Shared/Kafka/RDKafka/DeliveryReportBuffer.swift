import Synchronization

/// Delivery reports of enqueued records between the poll thread and the task that reads them.
/// Reports move in batches (one lock per poll, one per read), and the buffer is bounded by a
/// number of reports: past it the oldest are dropped and counted, so a producer whose reports
/// nobody reads cannot grow without limit. The records themselves are never dropped.
@usableFromInline
final class DeliveryReportBuffer: Sendable {
    private struct State {
        var reports: [KafkaDeliveryReport] = []
        var waiter: CheckedContinuation<[KafkaDeliveryReport], Never>?
        var finished = false
        var dropped = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func append(_ batch: [KafkaDeliveryReport]) {
        let waiter = state.withLock { state -> CheckedContinuation<[KafkaDeliveryReport], Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.reports.append(contentsOf: batch)
            if state.reports.count > capacity {
                let excess = state.reports.count - capacity
                state.reports.removeFirst(excess)
                state.dropped += excess
            }
            return nil
        }
        waiter?.resume(returning: batch)
    }

    func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: [])
    }

    /// Reports dropped because nobody read them.
    var dropped: Int { state.withLock { $0.dropped } }

    /// Everything buffered, waiting for at least one report; empty once finished and drained.
    @usableFromInline
    nonisolated(nonsending) func take() async -> [KafkaDeliveryReport] {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [KafkaDeliveryReport]? in
                if !state.reports.isEmpty || state.finished {
                    defer { state.reports.removeAll(keepingCapacity: true) }
                    return state.reports
                }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
