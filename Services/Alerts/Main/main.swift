import Alerts
import ServiceKit

await ServiceMain.run(
    name: "alerts-service",
    summary: "CAP 1.2 typhoon and flood alerts, targeting residents by area, fan-out of notifications, answers and shelters.",
    settings: AlertsService.settings
) { configuration, logger in
    try await AlertsService.run(configuration, logger: logger)
}
