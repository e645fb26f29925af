import Relief
import ServiceKit

await ServiceMain.run(
    name: "relief-service", summary: "assistance programs, entitlements from registration's decisions, payroll runs, payments and reconciliation.",
    settings: ReliefService.settings
) { configuration, logger in
    try await ReliefService.run(configuration, logger: logger)
}
