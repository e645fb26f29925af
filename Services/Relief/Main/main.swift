import Relief
import ServiceKit

await ServiceMain.run(
    name: "relief-service", summary: "benefit entitlements kept from registration's decisions.",
    settings: ReliefService.settings
) { configuration, logger in
    try await ReliefService.run(configuration, logger: logger)
}
