import Contracts
import Foundation
import Hummingbird
import KafkaTestSupport
import Relief
import ServiceKit
import SQLKit

/// The relief desks and API on a fresh database, with entitlements fed straight into the inbox
/// handler (the Kafka path is tested in EntitlementTests and ReliefProcessTests).
struct ReliefFixture {
    static let tokens = try! TokenDirectory(entries: """
        \(TokenDirectory.hash(ofToken: "finance")) staff-0300 relief finance-officer relief
        \(TokenDirectory.hash(ofToken: "finance2")) staff-0302 relief finance-officer relief
        \(TokenDirectory.hash(ofToken: "approver-1")) staff-0007 relief approver relief
        \(TokenDirectory.hash(ofToken: "approver-2")) staff-0008 relief approver relief
        \(TokenDirectory.hash(ofToken: "auditor")) staff-0900 audit auditor relief
        """)

    /// The demo catalog with budgets and caps small enough to reach in a test.
    static func catalog(dibaoBudget: Int = 1_000_000_000) throws -> ProgramCatalog {
        try ProgramCatalog(json: Data("""
            {"version": "test-1", "programs": [
              {"id": "dibao", "name": "低保", "kind": "monthly", "benefit": "dibao",
               "budgets": {"2026": \(dibaoBudget), "2027": \(dibaoBudget)}, "rates": [{"from": "2026-01"}]},
              {"id": "child-living-allowance", "name": "儿童", "kind": "monthly", "benefit": "child-living-allowance",
               "budgets": {"2026": 100000000}, "rates": [{"from": "2026-01", "monthlyAmountFen": 145000}]},
              {"id": "emergency-relief", "name": "急难", "kind": "one-off", "benefit": "emergency-relief",
               "budgets": {"2026": 100000000}, "rates": [{"from": "2026-01", "capFen": 3000000, "secondApprovalAboveFen": 500000}]},
              {"id": "medical-assistance", "name": "医疗救助", "kind": "claims", "benefit": "medical-assistance",
               "budgets": {"2026": 100000000, "2027": 100000000},
               "rates": [{"from": "2026-01", "shareBasisPoints": 7000, "annualCapFen": 5000000}]}
            ]}
            """.utf8))
    }

    static func person(_ n: Int) -> String { "p_" + String(format: "%032x", n) }

    static func decision(
        _ id: String, _ outcome: BenefitDecision.Outcome, month: String, person: Int = 1, program: BenefitProgram = .dibao,
        monthly: Int? = 42_000, oneOff: Int? = nil, application: String? = nil, household: String? = nil
    ) -> BenefitDecision {
        BenefitDecision(
            decisionId: id, applicationId: application ?? "A-\(program.rawValue)-\(person)", householdId: household ?? "H-\(person)",
            beneficiaryId: Self.person(person), program: program, outcome: outcome, monthlyAmountFen: monthly,
            oneOffAmountFen: oneOff, effectiveMonth: month, decidedBy: "staff-0007", submittedBy: "staff-0042",
            decidedAt: Date(timeIntervalSince1970: 1_795_000_000))
    }

    let database: ServiceDatabase
    let desks: ReliefRoutes.Desks
    let router: Router<ServiceRequestContext>
    let inbox: ReliefInbox

    init(on kind: TestDatabase = .sqlite, catalog: ProgramCatalog? = nil) async throws {
        database = try await kind.open(migrations: ReliefService.migrations)
        desks = ReliefRoutes.Desks(database: database, catalog: try catalog ?? Self.catalog())
        inbox = ReliefInbox(entitlements: desks.entitlements)
        router = ServiceRouter.make(
            service: .relief, tokens: Self.tokens, audit: database, readiness: Readiness(checks: []), openAPI: ReliefOpenAPI.document, maxBodyBytes: 65_536,
            logger: quietLogger)
        ReliefRoutes.add(to: router, desks: desks)
    }

    /// Applies events as the inbox would, each in its own transaction.
    func deliver(_ events: [any CivilEvent]) async throws {
        for event in events {
            let envelope = try event.cloudEvent(id: UUID().uuidString, time: Date())
            let inbox = self.inbox
            try await database.transaction { try await inbox.handle(envelope, in: $0) }
        }
    }

    /// Outbox events of one type, decoded, in the order written.
    func outbox<Event: CivilEvent>(_ type: Event.Type) async throws -> [Event] {
        try await database.withConnection { database in
            try await database.select().column("data").from("outbox_events")
                .where("event_type", .equal, SQLBind(Event.eventType)).orderBy("seq").all()
                .map { try CivilEventCoding.decoder.decode(Event.self, from: try $0.decode(column: "data", as: Data.self)) }
        }
    }
}
