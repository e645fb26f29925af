/// Exponential backoff with jitter, for retrying work that met a passing failure (the broker or
/// the database away) without hammering it when it comes back.
public struct Backoff: Sendable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait before attempt `failures + 1`: doubling from `initial`, capped at `maximum`,
    /// with up to a quarter added at random so that many instances do not retry in step.
    public func delay(afterFailures failures: Int) -> Duration {
        let doubled = initial * (1 << min(max(failures - 1, 0), 20))
        let capped = min(doubled, maximum)
        return capped + capped * Double.random(in: 0..<0.25)
    }

    /// Sleeps for ``delay(afterFailures:)``; returns early (without throwing) when cancelled.
    public func wait(afterFailures failures: Int) async {
        try? await Task.sleep(for: delay(afterFailures: failures))
    }
}
