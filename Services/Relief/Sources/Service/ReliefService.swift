import Contracts
import Foundation
import Kafka
import Logging
import ServiceKit

/// Assembles the relief service: database, the program catalog, the consumer of decisions,
/// households and payment results with its inbox, the outbox relay, readiness and the HTTP API.
public enum ReliefService {
    public static let defaultDatabase = "data/relief.sqlite"
    public static let consumerGroup = "relief-service"
    public static let programsFile = SettingKey(
        "programs.file", form: "a path to a JSON file",
        summary: "The versioned program catalog: {version, programs: [{id, kind, benefit, budgets, rates}]} (fen).")
    public static let releaseBatchSize = SettingKey(
        "payroll.releaseBatchSize", form: "a positive number",
        summary: "Payment instructions written per transaction when a run is released.", default: "1000")
    public static let settings = StandardSettings.all + [programsFile, releaseBatchSize]

    public static let migrations = [
        Outbox.migration, Inbox.migration, EntitlementLedger.migration, PaymentLedger.migration, PayrollDesk.migration,
        MedicalClaims.migration, HouseholdAreas.migration,
    ]

    /// Runs until SIGTERM or SIGINT.
    public static func run(_ configuration: ServiceConfiguration, logger: Logger) async throws {
        let location = try configuration.value(StandardSettings.databaseURL) { try? DatabaseLocation($0) }
            ?? .sqlite(path: defaultDatabase)
        let port = try configuration.port(StandardSettings.httpPort)
        let bootstrap = try configuration.requiredString(StandardSettings.kafkaBootstrap)
        let tokens = try configuration.required(StandardSettings.authTokens) { try? TokenDirectory(entries: $0) }
        let host = ServiceHost(
            host: configuration.string(StandardSettings.httpHost) ?? "127.0.0.1", port: port,
            grace: try configuration.seconds(StandardSettings.shutdownGrace))
        let maxBodyBytes = try configuration.positiveInt(StandardSettings.httpMaxBodyBytes)
        let drainDelay = try configuration.seconds(StandardSettings.shutdownDrainDelay)

        let programsPath = try configuration.requiredString(programsFile)
        let catalog: ProgramCatalog
        do {
            catalog = try ProgramCatalog(contentsOf: URL(fileURLWithPath: programsPath))
        } catch {
            throw ConfigurationError(key: programsFile, problem: "names a file that cannot be used (\(error))")
        }

        let database = try await ServiceDatabase(location, logger: logger)
        try await database.migrate(migrations)
        let client = KafkaClientConfiguration(bootstrapServers: bootstrap, clientID: "relief-service")
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                client: client, groupID: consumerGroup, topics: ReliefInbox.topics),
            logger: logger)
        let admin = try KafkaAdmin(client: client, logger: logger)
        let desks = ReliefRoutes.Desks(
            database: database, catalog: catalog, releaseBatchSize: try configuration.positiveInt(releaseBatchSize))
        let runner = InboxRunner(
            consumer: consumer, database: database, handler: ReliefInbox(entitlements: desks.entitlements),
            deadLetters: DeadLetterPublisher(producer: producer, consumer: consumerGroup),
            configuration: .init(consumerName: consumerGroup), logger: logger)
        let readiness = Readiness(
            checks: [.database(database), .kafka(admin, topic: TopicCatalog.decision.name)], drainDelay: drainDelay)
        let router = ServiceRouter.make(
            tokens: tokens, readiness: readiness, openAPI: ReliefOpenAPI.document, maxBodyBytes: maxBodyBytes, logger: logger)
        ReliefRoutes.add(to: router, desks: desks)
        do {
            try await host.run(
                name: "relief-service", router: router, readiness: readiness,
                services: [producer, OutboxRelay(database: database, producer: producer, logger: logger), consumer, runner],
                logger: logger)
        } catch {
            // Whatever stopped the group (e.g. the grace period ran out), the database is
            // closed so that every committed transaction is checkpointed.
            await admin.shutdown()
            try? await database.close()
            throw error
        }
        await admin.shutdown()
        try await database.close()
    }
}
