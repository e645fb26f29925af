import Registration
import ServiceKit

await ServiceMain.run(
    name: "registration-service", summary: "households and residents of the district, benefit applications and decisions.",
    settings: RegistrationService.settings
) { configuration, logger in
    try await RegistrationService.run(configuration, logger: logger)
}
