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
    public static let callbackShare = SettingKey(
        "homeCare.callbackSharePercent", form: "a percentage, 1 to 100",
        summary: "Share of each home-care provider's visits drawn each month for a satisfaction call-back.", default: "10")
    public static let settings = StandardSettings.all + [programsFile, releaseBatchSize, callbackShare]

    public static let migrations = [
        Outbox.migration, Inbox.migration, EntitlementLedger.migration, EntitlementLedger.beneficiaryIndex, PaymentLedger.migration, PayrollDesk.migration,
        MedicalClaims.migration, HouseholdAreas.migration, PaymentLedger.grantPayeeColumn, CampaignRecipients.migration,
        CareFacilities.migration, EntitlementLedger.reasonColumn, PaymentReissues.migration, AuditTrail.migration,
        RegisteredOrganizations.migration, CarePlans.migration, CareProviders.migration, CareVisits.migration, CallBacks.migration,
        CareSettlements.migration, ElderRegister.migration, CareCentres.migration, PayrollDesk.payeeColumn,
        ConsoleSessions.migration,
    ]

    static let builder = ServiceBuilder(
        name: "relief-service", service: .relief, defaultDatabase: defaultDatabase, migrations: migrations,
        openAPI: ReliefOpenAPI.document, readinessTopic: TopicCatalog.decision.name)

    /// Runs until SIGTERM or SIGINT.
    public static func run(_ configuration: ServiceConfiguration, logger: Logger) async throws {
        let catalog = try configuration.file(programsFile) { try ProgramCatalog(contentsOf: $0) }
        let batchSize = try configuration.positiveInt(releaseBatchSize)
        let share = try configuration.positiveInt(callbackShare)
        guard share <= 100 else { throw ConfigurationError(key: callbackShare, problem: "is more than 100") }
        try await builder.run(configuration, logger: logger) { parts in
            let consumer = try parts.consumer(group: consumerGroup, topics: ReliefInbox.topics)
            let desks = ReliefRoutes.Desks(
                database: parts.database, catalog: catalog, releaseBatchSize: batchSize, callbackSharePercent: share)
            let runner = InboxRunner(
                consumer: consumer, database: parts.database, handler: ReliefInbox(entitlements: desks.entitlements),
                deadLetters: parts.deadLetters(group: consumerGroup), configuration: .init(consumerName: consumerGroup, health: parts.health),
                logger: logger)
            ReliefRoutes.add(to: parts.router, desks: desks)
            try ReliefConsole.make(desks: desks, tokens: parts.settings.tokens).add(to: parts.router)
            return [consumer, runner]
        }
    }
}
