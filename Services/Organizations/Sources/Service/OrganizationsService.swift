import Contracts
import Foundation
import Kafka
import Logging
import ServiceKit

/// Assembles the organizations service: database, the registrar's policy, the outbox relay,
/// readiness and the HTTP API. It reads no topic.
public enum OrganizationsService {
    public static let defaultDatabase = "data/organizations.sqlite"
    public static let policyFile = SettingKey(
        "registrar.policyFile", form: "a path to a JSON file",
        summary: "Name rules, time limits in working days, required documents, holidays, reservation days.")
    public static let settings = StandardSettings.all + [policyFile]
    public static let migrations = [Outbox.migration, RegisterMigrations.register, RegisterMigrations.resubmittedBy, AuditTrail.migration, ConsoleSessions.migration]

    /// Runs until SIGTERM or SIGINT.
    static let builder = ServiceBuilder(
        name: "organizations-service", service: .organizations, defaultDatabase: defaultDatabase, migrations: migrations,
        openAPI: OrganizationsOpenAPI.document, readinessTopic: TopicCatalog.filing.name,
        publicPrefixes: OrganizationsRoutes.publicPrefixes)

    public static func run(_ configuration: ServiceConfiguration, logger: Logger) async throws {
        let policy = try configuration.file(policyFile) { try JSONDecoder().decode(RegistrarPolicy.self, from: Data(contentsOf: $0)) }
        try await builder.run(configuration, logger: logger) { parts in
            let desk = FilingDesk(database: parts.database, policy: policy)
            OrganizationsRoutes.add(to: parts.router, registrar: desk)
            try OrganizationsConsole.make(desk: desk, tokens: parts.settings.tokens, today: OrganizationsRoutes.today).add(to: parts.router)
            return []
        }
    }
}
