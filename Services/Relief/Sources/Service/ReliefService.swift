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
        summary: "Payment instructions written per transaction when a run is released.", default: "5000")
    public static let settings = StandardSettings.all + [programsFile, releaseBatchSize]

    public static let migrations = [
        Outbox.migration, Inbox.migration, EntitlementLedger.migration, EntitlementLedger.beneficiaryIndex, PaymentLedger.migration, PayrollDesk.migration,
        MedicalClaims.migration, HouseholdAreas.migration, PaymentLedger.grantPayeeColumn, CampaignRecipients.migration,
        CareFacilities.migration,
    ]

    /// Runs until SIGTERM or SIGINT.
    public static func run(_ configuration: ServiceConfiguration, logger: Logger) async throws {
        let standard = try StandardServiceSettings(configuration, defaultDatabase: defaultDatabase)
        let catalog = try configuration.file(programsFile) { try ProgramCatalog(contentsOf: $0) }
        let batchSize = try configuration.positiveInt(releaseBatchSize)

        let client = standard.kafkaClient(id: "relief-service")
        let admin = try KafkaAdmin(client: client, logger: logger)
        try await admin.requireCatalogTopics(of: .relief)
        try await ServiceDatabase.serving(standard.database, migrations: migrations, logger: logger) { database in
            let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
            let consumer = try KafkaConsumer(
                configuration: KafkaConsumerConfiguration(
                    client: client, groupID: consumerGroup, topics: ReliefInbox.topics),
                logger: logger)
            let desks = ReliefRoutes.Desks(
                database: database, catalog: catalog, releaseBatchSize: batchSize)
            let runner = InboxRunner(
                consumer: consumer, database: database, handler: ReliefInbox(entitlements: desks.entitlements),
                deadLetters: DeadLetterPublisher(producer: producer, consumer: consumerGroup),
                configuration: .init(consumerName: consumerGroup), logger: logger)
            let readiness = Readiness(
                checks: [.database(database), .kafka(admin, topic: TopicCatalog.decision.name)], drainDelay: standard.drainDelay)
            let router = ServiceRouter.make(
                tokens: standard.tokens, readiness: readiness, openAPI: ReliefOpenAPI.document, maxBodyBytes: standard.maxBodyBytes,
                logger: logger)
            ReliefRoutes.add(to: router, desks: desks)
            try await standard.host.run(
                name: "relief-service", router: router, readiness: readiness,
                services: [producer, OutboxRelay(database: database, producer: producer, logger: logger), consumer, runner],
                closing: database, admin: admin, logger: logger)
        }
    }
}
