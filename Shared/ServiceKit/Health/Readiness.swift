import Logging
import ServiceLifecycle
import Synchronization

/// Whether the service should get traffic: every check passes and it is not shutting down. The
/// checks run in the background every `interval`, so a probe never waits on the broker or the
/// database. On graceful shutdown readiness fails at once, then the service waits `drainDelay`
/// so that load balancers stop sending before the HTTP server stops accepting.
public final class Readiness: Service, Sendable {
    /// A named check: nil means healthy, otherwise the reason it is not.
    public struct Check: Sendable {
        public let name: String
        public let probe: @Sendable () async -> String?

        public init(_ name: String, probe: @escaping @Sendable () async -> String?) {
            self.name = name
            self.probe = probe
        }
    }

    /// What `/health/ready` shows.
    public struct Report: Sendable, Encodable, Equatable {
        public let ready: Bool
        /// Check name to `ok` or the reason.
        public let checks: [String: String]
        public let shuttingDown: Bool
    }

    private struct State {
        var results: [String: String?] = [:]
        var shuttingDown = false
    }

    private let checks: [Check]
    private let interval: Duration
    private let drainDelay: Duration
    private let state = Mutex(State())

    public init(checks: [Check], interval: Duration = .seconds(2), drainDelay: Duration = .zero) {
        self.checks = checks
        self.interval = interval
        self.drainDelay = drainDelay
    }

    public var report: Report {
        state.withLock { state in
            var shown: [String: String] = [:]
            for check in checks {
                shown[check.name] = state.results[check.name].map { $0 ?? "ok" } ?? "not checked yet"
            }
            let healthy = checks.allSatisfy { state.results[$0.name] == .some(nil) }
            return Report(ready: healthy && !state.shuttingDown, checks: shown, shuttingDown: state.shuttingDown)
        }
    }

    /// Fails readiness from now on.
    public func markShuttingDown() {
        state.withLock { $0.shuttingDown = true }
    }

    /// Runs every check once, concurrently, each limited to `interval`.
    public func evaluate() async {
        let limit = interval
        await withTaskGroup(of: (String, String?).self) { group in
            for check in checks {
                group.addTask {
                    do {
                        return (check.name, try await withDeadline(limit, check.name) { await check.probe() })
                    } catch {
                        return (check.name, "no answer within \(limit)")
                    }
                }
            }
            for await (name, result) in group {
                state.withLock { $0.results[name] = .some(result) }
            }
        }
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !self.state.withLock({ $0.shuttingDown }) {
                await self.evaluate()
                try? await Task.sleep(for: self.interval)
            }
        } onGracefulShutdown: {
            self.markShuttingDown()
        }
        try? await Task.sleep(for: drainDelay)
    }
}
