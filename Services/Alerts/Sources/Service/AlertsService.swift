import Contracts
import Foundation
import Kafka
import Logging
import ServiceKit
import ServiceLifecycle

/// Assembles the alert service: database, areas, the directory consumer with its inbox, the
/// dispatch workers' consumer, the outbox relay, readiness and the HTTP API.
///
/// Scaling out: every instance runs the same parts. Instances share the database (PostgreSQL)
/// and the two consumer groups, so the directory is applied once and the dispatch topic's
/// partitions are shared among all instances' workers.
public enum AlertsService {
    public static let defaultDatabase = "data/alerts.sqlite"
    public static let consumerGroup = "alerts-service"
    public static let areasFile = SettingKey(
        "areas.file", form: "a path to a JSON file",
        summary: "The district's areas: [{code, name, parent, centroid: {latitude, longitude}, officers: [{staffId, phone}]}].")
    public static let approvalSeverities = SettingKey(
        "alerts.approvalSeverities", form: "comma-separated CAP severities, or 'none'",
        summary: "Actual alerts of these severities wait for a second duty officer.", default: "Extreme,Severe")
    public static let dispatchBatchSize = SettingKey(
        "dispatch.batchSize", form: "a positive number",
        summary: "Recipients per dispatch batch (one read, one wait for the broker, one progress save).", default: "2000")
    public static let followUpGraceHours = SettingKey(
        "alerts.followUpGraceHours", form: "a positive number of hours",
        summary: "How long after an alert ends (expires, is cancelled or replaced) officers still see the residents to visit.",
        default: "48")
    public static let feedBaseURL = SettingKey(
        "cap.feedBase", form: "an http(s) URL without a trailing slash",
        summary: "The public address the CAP feed's links use (default: the host each request names).", default: "")
    public static let materialCatalogFile = SettingKey(
        "stock.catalogFile", form: "a path to a JSON file",
        summary: "Relief materials and shelter norms: {version, items: [{code, name, unit, shelfLifeDays?}], shelterNorms: [{item, perHundredPeople}], inspectionValidDays}.")
    public static let capSender = SettingKey(
        "cap.sender", form: "a CAP sender id (no spaces, commas or < &)",
        summary: "The sender of the alerts duty officers compose in the typhoon room (the bureau's duty desk).",
        default: "duty@mca.xihu.gov.cn")
    public static let settings = StandardSettings.all + [areasFile, materialCatalogFile, approvalSeverities, dispatchBatchSize, followUpGraceHours, feedBaseURL, capSender]
        + SMSSettings.all

    public static let migrations = [
        Outbox.migration, Inbox.migration, ResidentDirectory.migration, AlertDesk.migration, DispatchProgress.migration,
        AcknowledgementDesk.migration, ShelterDesk.migration, ResidentDirectory.coveringIndexMigration, AuditTrail.migration,
        SMSLedger.migration, StockLedger.migration, StockTakes.migration, ShelterReadiness.migration, ConsoleSessions.migration,
        VisitAttempts.migration,
    ]

    /// The outbox carries an accepted alert's dispatch records, the first leg of its first
    /// notification: they leave after 1 ms rather than the shared 5.
    public static let outboxLinger = Duration.milliseconds(1)

    static let builder = ServiceBuilder(
        name: "alerts-service", service: .alerts, defaultDatabase: defaultDatabase, migrations: migrations,
        openAPI: AlertsOpenAPI.document, readinessTopic: TopicCatalog.dispatch.name, publicPrefixes: AlertsRoutes.publicPrefixes,
        callbackPrefixes: AlertsRoutes.callbackPrefixes, outboxLinger: outboxLinger)

    /// Runs until SIGTERM or SIGINT.
    public static func run(_ configuration: ServiceConfiguration, logger: Logger) async throws {
        let areas = try configuration.file(areasFile) { try AlertAreas(contentsOf: $0) }
        let materials = try configuration.file(materialCatalogFile) { try MaterialCatalog(contentsOf: $0) }
        let severities = try configuration.required(approvalSeverities) { text -> Set<String>? in
            if text == "none" { return [] }
            let values = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            return values.isSubset(of: CAPValidator.severities) ? values : nil
        }
        let batchSize = try configuration.positiveInt(dispatchBatchSize)
        let graceHours = try configuration.positiveInt(followUpGraceHours)
        guard graceHours <= 24 * 366 else { throw ConfigurationError(key: followUpGraceHours, problem: "is more than a year") }
        let base = configuration.string(feedBaseURL) ?? ""
        guard base.isEmpty || ((base.hasPrefix("http://") || base.hasPrefix("https://")) && !base.hasSuffix("/") && URL(string: base) != nil) else {
            throw ConfigurationError(key: feedBaseURL, problem: "must be an http(s) URL without a trailing slash")
        }
        let sms = try SMSSettings.read(configuration)
        let sender = try configuration.required(capSender) { text -> String? in
            // CAP 1.2: an identifier-like text, without spaces, commas or the XML-reserved < and &.
            text.isEmpty || text.contains(where: { $0.isWhitespace || ",<&".contains($0) }) ? nil : text
        }
        try await builder.run(configuration, logger: logger) { parts in
            let directoryConsumer = try parts.consumer(group: consumerGroup, topics: AlertsInbox.topics)
            let dispatchConsumer = try parts.consumer(group: DispatchWorker.consumerGroup, topics: [TopicCatalog.dispatch.name])
            let runner = InboxRunner(
                consumer: directoryConsumer, database: parts.database, handler: AlertsInbox(),
                deadLetters: parts.deadLetters(group: consumerGroup), configuration: .init(consumerName: consumerGroup, health: parts.health),
                logger: logger)
            let notifications = try KafkaProducer(configuration: DispatchWorker.producerConfiguration(client: parts.client), logger: logger)
            let worker = DispatchWorker(
                consumer: dispatchConsumer, producer: notifications, database: parts.database, areas: areas,
                configuration: .init(batchSize: batchSize, health: parts.health), logger: logger)
            let desks = AlertsRoutes.Desks(
                database: parts.database, areas: areas, materials: materials, approvalSeverities: severities, followUpGrace: TimeInterval(graceHours) * 3600,
                feedBaseURL: base.isEmpty ? nil : base, smsCallbackKey: sms?.0.callbackKey)
            AlertsRoutes.add(to: parts.router, desks: desks)
            try TyphoonRoom.make(desks: desks, areas: areas, database: parts.database, tokens: parts.settings.tokens, sender: sender)
                .add(to: parts.router)
            var services: [any Service] = [directoryConsumer, runner, notifications, dispatchConsumer, worker]
            if let (gateway, configuration) = sms {
                let consumer = try parts.consumer(group: SMSSender.consumerGroup, topics: [TopicCatalog.notification.name])
                services += [consumer, SMSSender(
                    consumer: consumer, deadLetters: parts.deadLetters(group: SMSSender.consumerGroup), database: parts.database,
                    gateway: KannelGateway(settings: gateway), configuration: configuration, logger: logger)]
            }
            return services
        }
    }
}
