import Synchronization

/// A token bucket per client address: each client may make `capacity` requests at once and one
/// more every `60 / perMinute` seconds. It guards what anyone may call without a token (the
/// public register), so one reader cannot hold a service busy for everyone else. The buckets
/// of clients idle long enough to be full again are dropped, so the table stays small.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    public let perMinute: Int
    private let capacity: Double
    private let refillPerSecond: Double
    private let maximumClients: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    /// - Parameters:
    ///   - perMinute: sustained requests per minute per client (also the burst), at least 1.
    ///   - maximumClients: clients tracked at once before idle ones are dropped.
    public init(perMinute: Int, maximumClients: Int = 10_000) {
        self.perMinute = max(1, perMinute)
        capacity = Double(self.perMinute)
        refillPerSecond = Double(self.perMinute) / 60
        self.maximumClients = maximumClients
    }

    /// Takes one request from `client`'s bucket.
    /// - Returns: nil when the request may go on, else whole seconds until it may.
    public func take(for client: String, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(capacity, bucket.tokens + max(0, seconds) * refillPerSecond)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[client] = bucket
                if buckets.count > maximumClients { dropIdle(&buckets, now: now) }
                return nil
            }
            buckets[client] = bucket
            return Int(((1 - bucket.tokens) / refillPerSecond).rounded(.up))
        }
    }

    private func dropIdle(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant) {
        let refillTime = Duration.seconds(capacity / refillPerSecond)
        buckets = buckets.filter { now - $0.value.updated < refillTime }
        if buckets.count > maximumClients { buckets.removeAll() }
    }
}
