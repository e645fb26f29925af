import CivilDomain
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kafka
import KafkaTestSupport
import Logging
import Registration
import ServiceKit

/// The registration API on a fresh SQLite database and embedded broker with the catalog topics.
struct RegistrationFixture {
    static let tokens = try! TokenDirectory(entries: """
        \(TokenDirectory.hash(ofToken: "caseworker")) staff-0042 registration caseworker registration
        \(TokenDirectory.hash(ofToken: "auditor")) staff-0900 audit auditor registration
        \(TokenDirectory.hash(ofToken: "approver-1")) staff-0007 registration approver registration
        \(TokenDirectory.hash(ofToken: "approver-2")) staff-0008 registration approver,caseworker registration
        """)
    static let areas = try! AreaDirectory([
        .init(code: "330106", name: "西湖区", parent: nil, kind: nil),
        .init(code: "330106001", name: "北山街道", parent: "330106", kind: nil),
        .init(code: "330106001001", name: "保俶路社区", parent: "330106001", kind: .urban),
        .init(code: "330106101201", name: "龙井村", parent: "330106", kind: .rural),
    ])
    static let standards = MeansTest.Standards(urbanFen: 124_500, ruralFen: 98_000)
    static let pseudonymizer = try! PersonPseudonymizer(key: Data(repeating: 42, count: 32))
    /// The demo home-care policy (categories A to D, the 85–89 credit of 5,000 fen).
    static let homeCare = try! HomeCarePolicy(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Services/Registration/demo/home-care-policy.json"))

    let broker: EmbeddedKafkaBroker
    let database: ServiceDatabase
    let router: Router<ServiceRequestContext>

    init(logger: Logger = quietLogger, standards: MeansTest.Standards = Self.standards) async throws {
        broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics(TopicCatalog.written(by: .registration))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registration-\(UUID().uuidString)")
        database = try await ServiceDatabase(.sqlite(path: folder.appendingPathComponent("r.sqlite").path), logger: quietLogger)
        try await database.migrate(RegistrationMigrations.all)
        router = ServiceRouter.make(
            service: .registration, tokens: Self.tokens, audit: database, readiness: Readiness(checks: []), openAPI: RegistrationOpenAPI.document,
            maxBodyBytes: 65_536, logger: logger)
        let register = Register(
            database: database, areas: Self.areas, pseudonymizer: Self.pseudonymizer, clock: .running(from: CivilDate("2026-11-29")!))
        let desk = ApplicationDesk(database: database, register: register, standards: standards, homeCare: Self.homeCare)
        RegistrationRoutes.add(to: router, register: register, desk: desk)
        try RegistrationConsole.make(register: register, desk: desk, tokens: Self.tokens).add(to: router)
    }

    var client: KafkaClientConfiguration {
        KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers, clientID: "test", statisticsInterval: nil)
    }

    /// Publishes the outbox, then stops the relay.
    func publishOutbox() async throws {
        try await KafkaTestSupport.publishOutbox(of: database, to: broker)
    }

    /// Every record on `topic` so far.
    func records(on topic: TopicSpec, count: Int) async throws -> [KafkaConsumerMessage] {
        try await KafkaTestSupport.records(on: topic.name, count: count, from: broker)
    }
}
