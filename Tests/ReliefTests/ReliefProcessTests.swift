import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import Relief
import ServiceKit
import SQLKit
import Testing

/// The relief-service executable, started, killed and restarted as a real child process.
@Suite("relief-service as a process", .serialized)
struct ReliefProcessTests {
    static let beneficiaries = 10_000

    @Test("SIGKILL while releasing 10,000 payments, restart, release again: each key is in the ledger once and on the topic under one event id",
          .timeLimit(.minutes(5)))
    func killedWhileReleasing() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relief-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let databasePath = folder.appendingPathComponent("relief.sqlite").path
        let programs = folder.appendingPathComponent("programs.json")
        try JSONEncoder().encode(try ReliefFixture.catalog(dibaoBudget: 1_000_000_000_000)).write(to: programs)

        // 10,000 approved dibao decisions, as the inbox would have recorded them.
        let seed = try await ServiceDatabase(.sqlite(path: databasePath), logger: quietLogger)
        try await seed.migrate(ReliefService.migrations)
        let inbox = ReliefInbox(entitlements: EntitlementLedger(database: seed))
        let decisions = try (1...Self.beneficiaries).map {
            try ReliefFixture.decision("D-\($0)", .approved, month: "2026-12", person: $0, monthly: 30_000 + $0, household: "H-\($0)")
                .cloudEvent(id: "D-\($0)", time: Date())
        }
        try await seed.transaction { database in
            for decision in decisions { try await inbox.handle(decision, in: database) }
        }
        try await seed.close()

        let environment = [
            "KAFKA_BOOTSTRAP": broker.bootstrapServers, "DATABASE_URL": databasePath, "PROGRAMS_FILE": programs.path,
            "AUTH_TOKENS": """
                \(TokenDirectory.hash(ofToken: "finance")) staff-0300 relief finance-officer relief
                \(TokenDirectory.hash(ofToken: "approver-1")) staff-0007 relief approver relief
                """,
            "PAYROLL_RELEASE_BATCH_SIZE": "100", "SHUTDOWN_GRACE": "30",
        ]
        let first = try ServiceProcess.launch("relief-service", environment: environment)
        try await first.waitUntilReady()
        #expect(await first.request("POST", "v1/payroll-runs", token: "finance", body: #"{"program":"dibao","period":"2026-12"}"#)?.0 == 201)
        let runPath = "v1/payroll-runs/RUN-dibao-2026-12-1"
        #expect(await first.request("POST", runPath + "/approval", token: "approver-1")?.0 == 200)
        let releasing = Task { await first.request("POST", runPath + "/release", token: "finance", timeout: 120) }

        // Kill it once some batches are committed and before the last.
        let observer = try await ServiceDatabase(.sqlite(path: databasePath), logger: quietLogger)
        @Sendable func instructedLines() async throws -> Int {
            try await observer.withConnection { database in
                try await database.select().column("idempotency_key").from("payroll_lines")
                    .where("state", .equal, SQLBind("instructed")).all().count
            }
        }
        try await within(.seconds(60), "the release is under way") {
            while try await instructedLines() < 1_000 { try await Task.sleep(for: .milliseconds(5)) }
        }
        kill(first.process.processIdentifier, SIGKILL)
        try await first.waitForExit(within: .seconds(10))
        #expect(first.process.terminationReason == .uncaughtSignal)
        #expect(await releasing.value == nil, "the release request died with the process")
        let atKill = try await instructedLines()
        print("relief-service killed with \(atKill) of \(Self.beneficiaries) lines instructed")
        #expect(atKill < Self.beneficiaries, "killed in the middle of the release")

        let second = try ServiceProcess.launch("relief-service", environment: environment)
        try await second.waitUntilReady()
        let (status, body) = try #require(await second.request("POST", runPath + "/release", token: "finance", timeout: 120))
        #expect(status == 200)
        #expect((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["status"] as? String == "released")
        try await within(.seconds(120), "the outbox is drained") {
            while try await observer.withConnection({ try await Outbox.backlog(in: $0) }) > 0 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        let (ledgerRows, ledgerKeys, attempts, pending) = try await observer.withConnection { database in
            let keys = try await database.select().column("idempotency_key").from("payments").all()
                .map { try $0.decode(column: "idempotency_key", as: String.self) }
            let attempts = try await database.select().column("payment_id").from("payment_attempts").all().count
            let pending = try await database.select().column("idempotency_key").from("payroll_lines")
                .where("state", .notEqual, SQLBind("instructed")).all().count
            return (keys.count, Set(keys).count, attempts, pending)
        }
        #expect(ledgerRows == Self.beneficiaries && ledgerKeys == Self.beneficiaries && attempts == 0 && pending == 0)

        // Every record on the payment topic: each key under exactly one event id.
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                client: KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers, clientID: "check", statisticsInterval: nil),
                groupID: "check-\(UUID().uuidString)", topics: [TopicCatalog.payment.name]),
            logger: quietLogger)
        let eventIds = try await within(.seconds(120), "read the payment topic to its end") {
            var eventIds: [String: Set<String>] = [:]
            var records = 0
            for try await message in consumer.messages {
                records += 1
                eventIds[message.keyString, default: []].insert(message.headers.first(named: "ce_id") ?? "")
                consumer.markDone(message)
                if eventIds.count == Self.beneficiaries, records % 100 == 0 || records >= Self.beneficiaries {
                    try await consumer.commit()
                    if try await consumer.lag().values.reduce(0, +) == 0 { break }
                }
            }
            print("payment topic: \(records) records for \(eventIds.count) keys")
            return eventIds
        }
        await consumer.shutdown()
        #expect(eventIds.count == Self.beneficiaries)
        #expect(eventIds.values.allSatisfy { $0.count == 1 }, "a key published under two event ids")
        let instructed = try await observer.withConnection { database in
            try await database.select().columns("idempotency_key", "payment_id").from("payments").all()
                .map { (try $0.decode(column: "idempotency_key", as: String.self), try $0.decode(column: "payment_id", as: String.self)) }
        }
        #expect(instructed.allSatisfy { eventIds[$0.0] == [$0.1] }, "the topic's event id is the ledger's payment id")

        second.process.terminate()
        try await second.waitForExit(within: .seconds(30))
        #expect(second.process.terminationReason == .exit && second.process.terminationStatus == 0,
                "\(String(second.errorOutput.prefix(6000)))")
        try await observer.close()
        broker.shutdown()
    }
}
