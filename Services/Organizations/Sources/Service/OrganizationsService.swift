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
    public static let migrations = [Outbox.migration, RegisterMigrations.register]

    /// Runs until SIGTERM or SIGINT.
    public static func run(_ configuration: ServiceConfiguration, logger: Logger) async throws {
        let standard = try StandardServiceSettings(configuration, defaultDatabase: defaultDatabase)
        let policy = try configuration.file(policyFile) { try JSONDecoder().decode(RegistrarPolicy.self, from: Data(contentsOf: $0)) }

        let client = standard.kafkaClient(id: "organizations-service")
        let admin = try KafkaAdmin(client: client, logger: logger)
        try await admin.requireCatalogTopics(of: .organizations)
        try await ServiceDatabase.serving(standard.database, migrations: migrations, logger: logger) { database in
            let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
            let readiness = Readiness(
                checks: [.database(database), .kafka(admin, topic: TopicCatalog.filing.name)], drainDelay: standard.drainDelay)
            let router = ServiceRouter.make(
                tokens: standard.tokens, readiness: readiness, openAPI: OrganizationsOpenAPI.document, maxBodyBytes: standard.maxBodyBytes,
                logger: logger, publicPrefixes: OrganizationsRoutes.publicPrefixes)
            OrganizationsRoutes.add(to: router, registrar: Registrar(database: database, policy: policy))
            try await standard.host.run(
                name: "organizations-service", router: router, readiness: readiness,
                services: [producer, OutboxRelay(database: database, producer: producer, logger: logger)],
                closing: database, admin: admin, logger: logger)
        }
    }
}
