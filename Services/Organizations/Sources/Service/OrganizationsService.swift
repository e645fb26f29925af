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
        let location = try configuration.value(StandardSettings.databaseURL) { try? DatabaseLocation($0) }
            ?? .sqlite(path: defaultDatabase)
        let port = try configuration.port(StandardSettings.httpPort)
        let bootstrap = try configuration.requiredString(StandardSettings.kafkaBootstrap)
        let tokens = try configuration.required(StandardSettings.authTokens) { try? TokenDirectory(entries: $0) }
        let policy: RegistrarPolicy
        do {
            policy = try JSONDecoder().decode(
                RegistrarPolicy.self, from: Data(contentsOf: URL(fileURLWithPath: try configuration.requiredString(policyFile))))
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(key: policyFile, problem: "names a file that cannot be used (\(error))")
        }
        let host = ServiceHost(
            host: configuration.string(StandardSettings.httpHost) ?? "127.0.0.1", port: port,
            grace: try configuration.seconds(StandardSettings.shutdownGrace))
        let maxBodyBytes = try configuration.positiveInt(StandardSettings.httpMaxBodyBytes)
        let drainDelay = try configuration.seconds(StandardSettings.shutdownDrainDelay)

        let database = try await ServiceDatabase(location, logger: logger)
        try await database.migrate(migrations)
        let client = KafkaClientConfiguration(bootstrapServers: bootstrap, clientID: "organizations-service")
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
        let admin = try KafkaAdmin(client: client, logger: logger)
        let readiness = Readiness(
            checks: [.database(database), .kafka(admin, topic: TopicCatalog.filing.name)], drainDelay: drainDelay)
        let router = ServiceRouter.make(
            tokens: tokens, readiness: readiness, openAPI: OrganizationsOpenAPI.document, maxBodyBytes: maxBodyBytes,
            logger: logger, publicPrefixes: OrganizationsRoutes.publicPrefixes)
        OrganizationsRoutes.add(to: router, registrar: Registrar(database: database, policy: policy))
        do {
            try await host.run(
                name: "organizations-service", router: router, readiness: readiness,
                services: [producer, OutboxRelay(database: database, producer: producer, logger: logger)], logger: logger)
        } catch {
            await admin.shutdown()
            try? await database.close()
            throw error
        }
        await admin.shutdown()
        try await database.close()
    }
}
