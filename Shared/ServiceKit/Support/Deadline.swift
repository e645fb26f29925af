import Synchronization

/// The operation did not finish within its time.
public struct DeadlineExceeded: Error, Sendable, CustomStringConvertible {
    public let what: String
    public var description: String { "\(what) did not finish in time" }
}

/// Runs `operation`, throwing ``DeadlineExceeded`` when it takes longer than `limit`. The
/// operation is then cancelled but not waited for: a call stuck in C (a broker that never
/// answers) cannot hold the caller, which a task group, waiting for all its children, would.
public func withDeadline<Result: Sendable>(
    _ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let outcome = FirstOutcome<Result>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            outcome.install(continuation)
            let work = Task {
                do { outcome.finish(.success(try await operation())) } catch { outcome.finish(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: limit)
                if outcome.finish(.failure(DeadlineExceeded(what: what))) { work.cancel() }
            }
            outcome.setCancelWork { work.cancel() }
        }
    } onCancel: {
        outcome.cancel()
    }
}

/// Delivers the first of several outcomes to a continuation, once.
private final class FirstOutcome<Result: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result, any Error>?
        var finished = false
        var cancelWork: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<Result, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func setCancelWork(_ cancelWork: @escaping @Sendable () -> Void) {
        state.withLock { $0.cancelWork = cancelWork }
    }

    /// Returns whether this outcome was the first.
    @discardableResult
    func finish(_ result: Swift.Result<Result, any Error>) -> Bool {
        let continuation = state.withLock { state -> CheckedContinuation<Result, any Error>? in
            guard !state.finished else { return nil }
            state.finished = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: result)
        return continuation != nil
    }

    func cancel() {
        let cancelWork = state.withLock { $0.cancelWork }
        cancelWork?()
    }
}
