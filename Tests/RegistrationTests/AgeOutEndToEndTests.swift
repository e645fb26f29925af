import CivilDomain
import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Kafka
import KafkaTestSupport
import Registration
import ServiceKit
import Testing

/// The age limit across registration and relief on the embedded broker: registration (in
/// process, on a clock at 2026-11-29) ends a child allowance at the 18th birthday; relief-service
/// (its own process, reading the decision topic) pays December and stops in January, saying why.
@Suite("Age-out end to end")
struct AgeOutEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("a child turning 18 on 5 December is paid for December and not from January", .timeLimit(.minutes(3)))
    func ageOut() async throws {
        let fixture = try await RegistrationFixture()
        try fixture.broker.createCatalogTopics(TopicCatalog.all.filter { $0.writer != .registration })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("age-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let relief = try ServiceProcess.launch("relief-service", environment: [
            "KAFKA_BOOTSTRAP": fixture.broker.bootstrapServers,
            "DATABASE_URL": folder.appendingPathComponent("relief.sqlite").path,
            "PROGRAMS_FILE": Self.root.appendingPathComponent("Services/Relief/demo/programs.json").path,
            "AUTH_TOKENS": ["finance staff-0300 relief finance-officer relief", "approver staff-0007 relief approver relief"]
                .map { line in
                    let parts = line.split(separator: " ", maxSplits: 1)
                    return "\(TokenDirectory.hash(ofToken: String(parts[0]))) \(parts[1])"
                }.joined(separator: "\n"),
        ])
        defer { kill(relief.process.processIdentifier, SIGKILL) }

        try await Application(router: fixture.router).test(.router) { client in
            let household = try await client.post("/v1/households", #"{"areaCode":"330106101201"}"#).1["householdId"] as? String ?? ""
            let (child, _) = try await LifeEventTests.resident(client, "330106200812050019", household: household, #","leftBehindChild":true"#)
            _ = try await LifeEventTests.grant(client, #"{"householdId":"\#(household)","beneficiaryResidentId":"\#(child)","program":"child-living-allowance","monthlyAmountFen":145000}"#)
        }
        let exits = try await LifeEvents.sweepAgeLimits(today: CivilDate("2026-12-05")!, database: fixture.database)
        #expect(exits.count == 1)
        try await fixture.publishOutbox()
        try await relief.waitUntilReady()
        try await within(.seconds(60), "relief holds the exit") {
            while StackJSON.list(await relief.request("GET", "v1/entitlements?month=2027-01&program=child-living-allowance", token: "finance"))
                .first?["outcome"] as? String != "exited" {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        let december = StackJSON.object(await relief.request(
            "POST", "v1/payroll-runs", token: "finance", body: #"{"program":"child-living-allowance","period":"2026-12"}"#))
        #expect(december["beneficiaryCount"] as? Int == 1 && december["totalFen"] as? Int == 145_000, "\(december)")
        let january = StackJSON.object(await relief.request(
            "POST", "v1/payroll-runs", token: "finance", body: #"{"program":"child-living-allowance","period":"2027-01"}"#))
        #expect(january["beneficiaryCount"] as? Int == 0 && january["stoppedCount"] as? Int == 1, "\(january)")
        let lines = StackJSON.list(await relief.request("GET", "v1/payroll-runs/\(january["runId"] as? String ?? "")/lines", token: "finance"))
        #expect(lines.first?["note"] as? String == "exited from 2027-01: age-limit")
        try await fixture.database.close()
    }
}

/// Reading a service process's JSON answers.
enum StackJSON {
    static func object(_ answer: (Int, Data)?) -> [String: Any] {
        answer.flatMap { (try? JSONSerialization.jsonObject(with: $0.1)) as? [String: Any] } ?? [:]
    }

    static func list(_ answer: (Int, Data)?) -> [[String: Any]] {
        let json = answer.flatMap { try? JSONSerialization.jsonObject(with: $0.1) }
        return json as? [[String: Any]] ?? (json as? [String: Any])?["items"] as? [[String: Any]] ?? []
    }
}
