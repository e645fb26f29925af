import MetricsTestKit
import ServiceKit

/// The process-wide metrics backend of the test process (swift-metrics can be bootstrapped
/// once): every metric is recorded here for assertions and also reaches
/// `ServiceMetrics.registry`, which `/metrics` serves. Touch it before creating any metric.
public let testMetrics: TestMetrics = {
    let metrics = TestMetrics()
    ServiceMetrics.bootstrap(alsoTo: [metrics])
    return metrics
}()
