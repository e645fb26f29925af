import Metrics
import Prometheus

/// The process's metrics, exposed at `/metrics` in Prometheus text format.
public enum ServiceMetrics {
    /// Where every swift-metrics series of the process is collected once ``bootstrap()`` ran.
    public static let registry = PrometheusCollectorRegistry()

    /// Routes swift-metrics (ours, Hummingbird's, the Kafka module's) to ``registry``, and to
    /// `others` as well (tests add a recording backend). Call once at start-up, before anything
    /// creates a metric: swift-metrics allows one bootstrap per process.
    public static func bootstrap(alsoTo others: [any MetricsFactory] = []) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = prometheusSafe
        MetricsSystem.bootstrap(others.isEmpty ? factory : MultiplexMetricsHandler(factories: [factory] + others))
    }

    /// Metric names from libraries use dots (`http.server.request.duration`); Prometheus allows
    /// letters, digits, `_` and `:`.
    public static func prometheusSafe(name: String, labels: [(String, String)]) -> (String, [(String, String)]) {
        func clean(_ text: String) -> String {
            String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") ? $0 : "_" })
        }
        return (clean(name), labels.map { (clean($0.0), $0.1) })
    }
}
