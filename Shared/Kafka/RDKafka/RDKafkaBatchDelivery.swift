import Synchronization

/// The delivery reports of one ``KafkaRecordBatch``, counted rather than kept: the sender wants
/// to know when the last record is on the broker and whether any failed, not a million reports.
/// The poll thread counts a delivery event's records at once, and the sender is woken once.
final class RDKafkaBatchDelivery: Sendable {
    private struct State {
        var outstanding: Int
        var failure: KafkaError?
        var waiter: CheckedContinuation<KafkaError?, Never>?
    }

    private let state: Mutex<State>

    init(records: Int) {
        state = Mutex(State(outstanding: records))
    }

    /// Reports of `count` records arrived; `failure` is the error of the first of them that failed.
    func delivered(_ count: Int, failure: KafkaError?) {
        settle { state in
            state.outstanding -= count
            if state.failure == nil { state.failure = failure }
        }
    }

    /// `count` records were never queued (refused, or the producer closed): no report will come.
    func notQueued(_ count: Int) {
        settle { $0.outstanding -= count }
    }

    /// The producer is closing with reports outstanding: they will not come.
    func abandon(with error: KafkaError) {
        settle { state in
            state.outstanding = 0
            if state.failure == nil { state.failure = error }
        }
    }

    /// Waits until every queued record has its report; returns the first failure.
    func wait() async -> KafkaError? {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> KafkaError?? in
                guard state.outstanding > 0 else { return .some(state.failure) }
                state.waiter = continuation
                return nil
            }
            if let failure = done { continuation.resume(returning: failure) }
        }
    }

    private func settle(_ change: (inout State) -> Void) {
        let woken = state.withLock { state -> (CheckedContinuation<KafkaError?, Never>, KafkaError?)? in
            change(&state)
            guard state.outstanding <= 0, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return (waiter, state.failure)
        }
        if let (waiter, failure) = woken { waiter.resume(returning: failure) }
    }
}
