import Contracts
import Foundation
import Kafka
import Logging
import Relief
import ServiceKit

// A dibao payroll run for 100,000 entitlements from draft to released, with the outbox relay
// publishing the instructions to an embedded broker at the same time, as the service runs it:
// prints payments/s end to end (draft started to last instruction acknowledged by the broker)
// and the process's peak memory. On SQLite in a temporary folder. Never part of `make test`.
// Then the home-care case (SettlementCase.swift): 1,180 elders × 12 visits recorded and settled.
// RELIEF_BENCH_CASE=payroll or settlement runs one of the two.

let logger: Logger = {
    var logger = Logger(label: "relief-bench")
    logger.logLevel = .error
    return logger
}()
let benchCase = ProcessInfo.processInfo.environment["RELIEF_BENCH_CASE"] ?? "all"
if benchCase == "settlement" {
    try await settlementCase(logger: logger)
    exit(0)
}
let count = Int(ProcessInfo.processInfo.environment["RELIEF_BENCH_COUNT"] ?? "") ?? 100_000
let broker = try EmbeddedKafkaBroker(brokers: 1, logger: logger)
try broker.createCatalogTopics()
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relief-bench-\(UUID().uuidString)")
let database = try await ServiceDatabase(.sqlite(path: folder.appendingPathComponent("relief.sqlite").path), logger: logger)
try await database.migrate(ReliefService.migrations)
let catalog = try ProgramCatalog(json: Data("""
    {"version": "bench", "programs": [{"id": "dibao", "name": "低保", "kind": "monthly", "benefit": "dibao",
      "budgets": {"2026": 9000000000000}, "rates": [{"from": "2026-01"}]}]}
    """.utf8))
// RELIEF_BENCH_RELEASE_BATCH: lines per release transaction (relief-service's payroll.releaseBatchSize).
let releaseBatch = Int(ProcessInfo.processInfo.environment["RELIEF_BENCH_RELEASE_BATCH"] ?? "") ?? 5000
let desks = ReliefRoutes.Desks(database: database, catalog: catalog, releaseBatchSize: releaseBatch)
let inbox = ReliefInbox(entitlements: desks.entitlements)

print("seeding \(count) approved dibao decisions…")
try await database.transaction { database in
    for n in 1...count {
        let decision = BenefitDecision(
            decisionId: "D-\(n)", applicationId: "A-\(n)", householdId: "H-\(n)",
            beneficiaryId: "p_" + String(format: "%032x", n), program: .dibao, outcome: .approved,
            monthlyAmountFen: 30_000 + n % 50_000, effectiveMonth: "2026-12", decidedBy: "staff-0007",
            submittedBy: "staff-0042", decidedAt: Date())
        try await inbox.handle(try decision.cloudEvent(id: decision.decisionId, time: decision.decidedAt), in: database)
    }
}

let producer = try KafkaProducer(
    configuration: KafkaProducerConfiguration(
        client: KafkaClientConfiguration(bootstrapServers: broker.bootstrapServers, clientID: "relief-bench", statisticsInterval: nil,
                                         properties: ["log_level": "3"])),
    logger: logger)
// The relay as relief-service configures it (RELIEF_BENCH_RELAY_BATCH overrides its batch size).
var relayConfiguration = OutboxRelay.Configuration()
if let batch = Int(ProcessInfo.processInfo.environment["RELIEF_BENCH_RELAY_BATCH"] ?? "") { relayConfiguration.batchSize = batch }
let relay = OutboxRelay(database: database, producer: producer, configuration: relayConfiguration, logger: logger)
// RELIEF_BENCH_SEQUENTIAL=1 starts the relay only once the run is released, to time each half.
let sequential = ProcessInfo.processInfo.environment["RELIEF_BENCH_SEQUENTIAL"] != nil
var relaying = Task { try await relay.run() }
let finance = StaffIdentity(staffID: "staff-0300", department: "relief", roles: ["finance-officer"])
let approver = StaffIdentity(staffID: "staff-0007", department: "relief", roles: [.approver])

// The entitlement events the seeding wrote are published before the clock starts. Waiting for
// the outbox looks for one unsent row on the read connection, so that it does not queue behind
// the release on the writer nor scan the backlog.
while try await database.withReadConnection({ try await Outbox.hasBacklog(in: $0) }) {
    try await Task.sleep(for: .milliseconds(50))
}
if sequential {
    relaying.cancel()
    _ = await relaying.result
}

print("seeded; running the payroll")
let clock = ContinuousClock()
let start = clock.now
let draft = try await desks.payroll.draft(program: "dibao", period: "2026-12", by: finance)
let drafted = clock.now
_ = try await desks.payroll.approve(draft.runId, by: approver)
let released = try await desks.payroll.release(draft.runId, by: finance)
let releasedAt = clock.now
if sequential { relaying = Task { try await relay.run() } }
while try await database.withReadConnection({ try await Outbox.hasBacklog(in: $0) }) {
    try await Task.sleep(for: .milliseconds(10))
}
let end = clock.now
relaying.cancel()
_ = await relaying.result
await producer.shutdown()

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
var usage = rusage()
getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
let total = seconds(end - start)
print("run \(released.runId): \(released.beneficiaryCount) payments, \(released.totalFen) fen, status \(released.status)")
print(String(format: "draft %.2f s, approve+release %.2f s, last instruction on the broker %.2f s", seconds(drafted - start),
             seconds(releasedAt - drafted), seconds(end - releasedAt)))
print(String(format: "end to end: %.0f payments/s (target 10,000); peak memory %.0f MB",
             Double(released.beneficiaryCount) / total, Double(usage.ru_maxrss) / 1024))
try await database.close()
broker.shutdown()
try? FileManager.default.removeItem(at: folder)
if benchCase != "payroll" { try await settlementCase(logger: logger) }
