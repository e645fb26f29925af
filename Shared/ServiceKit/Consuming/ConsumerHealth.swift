import Metrics
import Synchronization

/// Which of a service's consumers are stuck retrying a record, for the readiness probe and the
/// metrics: while the database or broker is away a consumer waits it out instead of
/// dead-lettering good events, and the service says so (`/health/ready` 503, `consumer_stalled`).
public final class ConsumerHealth: Sendable {
    /// Failures in a row after which a consumer counts as stalled (the first few are routine).
    public let stalledAfter: Int
    private let stalls = Mutex<[String: Stall]>([:])

    struct Stall: Sendable {
        var failures: Int
        var errorType: String
    }

    public init(stalledAfter: Int = 3) {
        self.stalledAfter = stalledAfter
    }

    /// A record of `consumer` failed again; `errorType` names the error's type only (its text may hold personal data).
    func failed(_ consumer: String, errorType: String) {
        let failures = stalls.withLock { stalls in
            stalls[consumer, default: Stall(failures: 0, errorType: errorType)].failures += 1
            stalls[consumer]?.errorType = errorType
            return stalls[consumer]?.failures ?? 0
        }
        Counter(label: "consumer_retries_total", dimensions: [("consumer", consumer)]).increment()
        if failures == stalledAfter { Gauge(label: "consumer_stalled", dimensions: [("consumer", consumer)]).record(1) }
    }

    /// A record of `consumer` was finished (done or dead-lettered).
    func recovered(_ consumer: String) {
        let wasStalled = stalls.withLock { stalls in stalls.removeValue(forKey: consumer).map { $0.failures >= stalledAfter } ?? false }
        if wasStalled { Gauge(label: "consumer_stalled", dimensions: [("consumer", consumer)]).record(0) }
    }

    /// What is stalled, for the readiness report; nil when every consumer is moving.
    public var problem: String? {
        let stalled = stalls.withLock { stalls in stalls.filter { $0.value.failures >= stalledAfter } }
        guard !stalled.isEmpty else { return nil }
        return stalled.keys.sorted().map { "\($0) has failed \(stalled[$0]!.failures) times in a row (\(stalled[$0]!.errorType))" }
            .joined(separator: "; ")
    }
}

extension Readiness.Check {
    /// Every consumer is moving: none is stuck retrying a record.
    public static func consumers(_ health: ConsumerHealth) -> Readiness.Check {
        Readiness.Check("consumers") { health.problem }
    }
}
