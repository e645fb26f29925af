import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kafka
import KafkaTestSupport
import Relief
import ServiceKit
import Testing

@Suite("Entitlements from registration's decisions", .serialized)
struct EntitlementTests {
    static func decision(
        _ id: String, _ outcome: BenefitDecision.Outcome, month: String, amount: Int? = 42_000, application: String = "A-1"
    ) -> BenefitDecision {
        BenefitDecision(
            decisionId: id, applicationId: application, householdId: "H-1",
            beneficiaryId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e", program: .dibao, outcome: outcome,
            monthlyAmountFen: amount, effectiveMonth: month, decidedBy: "staff-0007", submittedBy: "staff-0042",
            decidedAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(id.hashValue % 1000)))
    }

    static func record(_ decision: BenefitDecision) throws -> KafkaProducerMessage {
        try decision.cloudEvent(id: decision.decisionId, time: decision.decidedAt)
            .kafkaMessage(topic: TopicCatalog.decision.name, key: decision.partitionKey)
    }

    @Test("a replayed decision counts once; a suspension stops payments from its month; an exit ends them; a poison decision and a result for an unknown payment are dead-lettered",
          .timeLimit(.minutes(2)))
    func entitlementsFollowDecisions() async throws {
        let cluster = try KafkaTestCluster(partitions: 6, topic: TopicCatalog.decision.name)
        try cluster.broker.createCatalogTopics([TopicCatalog.household, TopicCatalog.paymentResult])
        try cluster.broker.createTopic(TopicCatalog.decision.deadLetterTopic, partitions: 1, replicationFactor: 3)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relief-\(UUID().uuidString)")
        let database = try await ServiceDatabase(.sqlite(path: folder.appendingPathComponent("relief.sqlite").path), logger: quietLogger)
        try await database.migrate(ReliefService.migrations)

        let producer = try cluster.producer()
        let approved = Self.decision("D-1", .approved, month: "2026-12")
        for _ in 0..<3 { try await producer.send(try Self.record(approved)) }
        try await producer.send(try Self.record(Self.decision("D-2", .suspended, month: "2027-03", amount: nil)))
        try await producer.send(try Self.record(Self.decision("D-3", .resumed, month: "2027-05", amount: nil)))
        try await producer.send(try Self.record(Self.decision("D-4", .exited, month: "2027-09", amount: nil)))
        try await producer.send(try Self.record(Self.decision("D-5", .approved, month: "2027-13", application: "A-2")))
        try await producer.send(try Self.record(Self.decision("D-6", .rejected, month: "2026-12", application: "A-3")))
        let stray = PaymentResult(paymentId: "PAY-0000-1", idempotencyKey: "p_x/dibao/2026-12", outcome: .paid, settledAt: Date())
        try await producer.send(try stray.cloudEvent(id: "R-1", time: Date())
            .kafkaMessage(topic: TopicCatalog.paymentResult.name, key: stray.partitionKey))
        await producer.shutdown()

        let desks = ReliefRoutes.Desks(database: database, catalog: try ReliefFixture.catalog())
        let ledger = desks.entitlements
        let consumer = try cluster.consumer(group: ReliefService.consumerGroup) { $0.topics = ReliefInbox.topics }
        let runner = InboxRunner(
            consumer: consumer, database: database, handler: ReliefInbox(entitlements: ledger),
            deadLetters: DeadLetterPublisher(producer: try cluster.producer(), consumer: ReliefService.consumerGroup),
            configuration: .init(consumerName: ReliefService.consumerGroup), logger: quietLogger)
        let running = Task { try await runner.run() }
        let deadLetters = try cluster.consumer { $0.topics = [TopicCatalog.decision.deadLetterTopic] }
        let letters = try await consume(deadLetters, count: 1)
        #expect(letters.first?.headers.first(named: "dlq_error") == "effectiveMonth '2027-13' is not YYYY-MM")
        await deadLetters.shutdown()
        let resultLetters = try cluster.consumer { $0.topics = [TopicCatalog.paymentResult.deadLetterTopic] }
        let unknown = try await consume(resultLetters, count: 1)
        #expect(unknown.first?.headers.first(named: "dlq_error") == "unknown payment id 'PAY-0000-1'")
        #expect(unknown.first?.keyString == stray.idempotencyKey)
        await resultLetters.shutdown()
        try await within(.seconds(30), "decisions recorded") {
            while try await database.withConnection({ try await $0.select().column("decision_id").from("entitlement_decisions").all().count }) < 5 {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        running.cancel()
        _ = await running.result
        await consumer.shutdown()

        func payable(_ month: String) async throws -> [Int?] {
            try await ledger.entitlements(in: month).filter(\.payable).map(\.monthlyAmountFen)
        }
        #expect(try await payable("2026-11") == [])
        #expect(try await payable("2026-12") == [42_000], "the replayed approval counts once")
        #expect(try await payable("2027-02") == [42_000])
        #expect(try await payable("2027-03") == [], "suspended from March")
        #expect(try await payable("2027-05") == [42_000], "resumed in May, at the approved amount")
        #expect(try await payable("2027-09") == [])
        #expect(try await ledger.entitlements(in: "2027-09").map(\.outcome) == [.exited])
        #expect(try await ledger.entitlements(in: "2027-01").count == 1, "the rejection is no entitlement")

        let tokens = try TokenDirectory(entries: "\(TokenDirectory.hash(ofToken: "finance")) staff-0300 relief finance-officer relief")
        let router = ServiceRouter.make(
            service: .relief, tokens: tokens, audit: database, readiness: Readiness(checks: []), openAPI: ReliefOpenAPI.document, maxBodyBytes: 1024,
            logger: quietLogger)
        ReliefRoutes.add(to: router, desks: desks)
        #expect(try ReliefOpenAPI.document.coverage(of: router) == .complete)
        try await Application(router: router).test(.router) { client in
            let body = try await client.execute(uri: "/v1/entitlements?month=2027-01&program=dibao", method: .get, headers: [.authorization: "Bearer finance"]) { response in
                #expect(response.status == .ok)
                let page = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
                #expect(page["total"] as? Int == 1 && page["page"] as? Int == 1)
                return page["items"] as? [[String: Any]] ?? []
            }
            #expect(body.count == 1 && body.first?["payable"] as? Bool == true && body.first?["since"] as? String == "2026-12")
            let bad = try await client.execute(uri: "/v1/entitlements?month=2027-1", method: .get, headers: [.authorization: "Bearer finance"]) { $0.status }
            #expect(bad == .badRequest)
        }
        try await database.close()
    }
}
