import Organizations
import ServiceKit

await ServiceMain.run(
    name: "organizations-service",
    summary: "filings of social organizations with the registrar, and the public register.",
    settings: OrganizationsService.settings
) { configuration, logger in
    try await OrganizationsService.run(configuration, logger: logger)
}
