import Contracts
import Foundation
import Kafka
import Logging
import ServiceKit

/// Assembles the registration service from its configuration: database, area directory,
/// pseudonym key, tokens, Kafka producer and outbox relay, readiness and the HTTP API.
public enum RegistrationService {
    public static let areasFile = SettingKey(
        "areas.file", form: "a path to a JSON file",
        summary: "The district's areas: [{code, name, parent, kind: urban|rural}] (kind on communities and villages).")
    public static let pseudonymKey = SettingKey(
        "pseudonym.key", form: "base64 of at least 32 random bytes",
        summary: "Key of the person pseudonyms; the same in every service of the bureau.", secret: true)
    public static let urbanStandard = SettingKey(
        "dibao.urbanStandardFen", form: "fen per person per month",
        summary: "Dibao standard of urban communities.", default: "124500")
    public static let ruralStandard = SettingKey(
        "dibao.ruralStandardFen", form: "fen per person per month",
        summary: "Dibao standard of rural villages.", default: "124500")
    public static let standardsFile = SettingKey(
        "dibao.standardsFile", form: "a path to a JSON file",
        summary: "Later dibao standards, each from a month: [{from: YYYY-MM, urbanFen, ruralFen}]; the two standard settings apply before the first. Empty: none.",
        default: "")
    public static let homeCarePolicyFile = SettingKey(
        "homeCare.policyFile", form: "a path to a JSON file",
        summary: "Purchased home care: {version, serviceTypes, categories: [{code, name, requires: [flags], monthlyHours, serviceTypes}], serviceCredit: {requires, excludes, monthlyFen, serviceTypes}}. Empty: home-care applications are refused.",
        default: "")
    public static let defaultDatabase = "data/registration.sqlite"
    public static let consumerGroup = "registration-service"

    public static let settings = StandardSettings.all + [areasFile, pseudonymKey, urbanStandard, ruralStandard, standardsFile, homeCarePolicyFile]

    static let builder = ServiceBuilder(
        name: "registration-service", service: .registration, defaultDatabase: defaultDatabase,
        migrations: RegistrationMigrations.all, openAPI: RegistrationOpenAPI.document, readinessTopic: TopicCatalog.person.name)

    /// Runs until SIGTERM or SIGINT.
    public static func run(
        _ configuration: ServiceConfiguration, logger: Logger, signals: Bool = true,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let pseudonymizer = try configuration.required(pseudonymKey) { try? PersonPseudonymizer(base64Key: $0) }
        let areas = try configuration.file(areasFile) { try AreaDirectory(contentsOf: $0) }
        let changes = (configuration.string(standardsFile) ?? "").isEmpty ? [] : try configuration.file(standardsFile) { url in
            try JSONDecoder().decode([MeansTest.Standards.Change].self, from: Data(contentsOf: url))
        }
        let homeCare = (configuration.string(homeCarePolicyFile) ?? "").isEmpty ? nil
            : try configuration.file(homeCarePolicyFile) { try HomeCarePolicy(contentsOf: $0) }
        let standards = MeansTest.Standards(
            urbanFen: try configuration.positiveInt(urbanStandard), ruralFen: try configuration.positiveInt(ruralStandard),
            changes: changes)
        try await builder.run(configuration, logger: logger, signals: signals, onListening: onListening) { parts in
            let register = Register(database: parts.database, areas: areas, pseudonymizer: pseudonymizer)
            let desk = ApplicationDesk(database: parts.database, register: register, standards: standards, homeCare: homeCare)
            RegistrationRoutes.add(to: parts.router, register: register, desk: desk)
            try RegistrationConsole.make(register: register, desk: desk, tokens: parts.settings.tokens).add(to: parts.router)
            let consumer = try parts.consumer(group: consumerGroup, topics: RegistrationInbox.topics)
            let runner = InboxRunner(
                consumer: consumer, database: parts.database, handler: RegistrationInbox(),
                deadLetters: parts.deadLetters(group: consumerGroup), configuration: .init(consumerName: consumerGroup, health: parts.health),
                logger: parts.logger)
            return [consumer, runner, AgeLimitSweep(database: parts.database, clock: register.clock, logger: parts.logger)]
        }
    }
}
