import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import ServiceKit
import Testing

/// Benefits after approval, across registration and relief on the embedded broker: one household
/// is paid one dibao whatever reaches the decision topic, and a removed resident is paid nothing
/// from the next month.
@Suite("Benefits over time, end to end", .serialized)
struct BenefitsOverTimeTests {
    typealias Stack = StackTests

    @Test("two dibao approvals for one household, put straight onto the decision topic, pay the household once",
          .timeLimit(.minutes(3)))
    func doubleDibaoPaysOnce() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let (registration, relief, organizations, alerts) = try Stack.launchStack(on: broker, extraTokens: ["approver2 staff-0008 relief approver relief"])
        let all = [registration, relief, organizations, alerts]
        defer { for service in all { kill(service.process.processIdentifier, SIGKILL) } }
        try await relief.waitUntilReady()

        // Two members of household H-9 approved for dibao, as a replayed or forged event would be.
        let month = Stack.months()[1]
        let events = try await TestDatabase.sqlite.open()
        for (n, amount) in [(1, 114_500), (2, 239_000)] {
            let decision = BenefitDecision(
                decisionId: "D-double-\(n)", applicationId: "A-double-\(n)", householdId: "H-9",
                beneficiaryId: "p_" + String(repeating: "\(n)", count: 32), program: .dibao, outcome: .approved,
                monthlyAmountFen: amount, oneOffAmountFen: nil, effectiveMonth: month, decidedBy: "staff-0007",
                submittedBy: "staff-0042", decidedAt: Date())
            try await events.transaction { database in
                try await Outbox.append(decision, id: decision.decisionId, in: database)
            }
        }
        try await publishOutbox(of: events, to: broker)
        try await events.close()

        try await within(.seconds(60), "relief holds both entitlements") {
            while Stack.list(await relief.request("GET", "v1/entitlements?month=\(month)&program=dibao", token: "finance")).count < 2 {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        let run = Stack.json(await relief.request("POST", "v1/payroll-runs", token: "finance", body: #"{"program":"dibao","period":"\#(month)"}"#))
        #expect(run.0 == 201)
        #expect(run.1["beneficiaryCount"] as? Int == 1 && run.1["heldCount"] as? Int == 1, "\(run.1)")
        #expect(run.1["totalFen"] as? Int == 114_500, "the first approval pays; the second is held")
        let runId = run.1["runId"] as? String ?? ""
        let lines = Stack.list(await relief.request("GET", "v1/payroll-runs/\(runId)/lines", token: "finance"))
        #expect(lines.first { $0["state"] as? String == "held" }?["note"] as? String
            == "another application already pays this household under this program")
        #expect(Stack.json(await relief.request("POST", "v1/payroll-runs/\(runId)/approval", token: "approver2")).0 == 200)
        #expect(Stack.json(await relief.request("POST", "v1/payroll-runs/\(runId)/release", token: "finance")).0 == 200)
        let instructions = try await records(on: TopicCatalog.payment.name, count: 1, from: broker)
        let payment = try PaymentInstruction(cloudEvent: try CloudEvent(kafkaMessage: try #require(instructions.first)))
        #expect(payment.householdId == "H-9" && payment.amountFen == 114_500)
        let payments = Stack.list(await relief.request("GET", "v1/payments?program=dibao&period=\(month)", token: "finance"))
        #expect(payments.count == 1, "one payment for the household")
        // A second run for the month finds the household paid.
        let second = Stack.json(await relief.request("POST", "v1/payroll-runs", token: "finance", body: #"{"program":"dibao","period":"\#(month)"}"#))
        #expect(second.0 == 201 && second.1["beneficiaryCount"] as? Int == 0)
    }

    @Test("a second dibao application for the household is refused; the beneficiary's removal exits the dibao and relief pays nothing that month",
          .timeLimit(.minutes(3)))
    func removalStopsPayment() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let (registration, relief, organizations, alerts) = try Stack.launchStack(on: broker, extraTokens: ["approver2 staff-0008 relief approver relief"])
        let all = [registration, relief, organizations, alerts]
        defer { for service in all { kill(service.process.processIdentifier, SIGKILL) } }
        for service in [registration, relief] { try await service.waitUntilReady() }

        let household = Stack.json(await registration.request("POST", "v1/households", token: "caseworker", body: #"{"areaCode":"330106101201"}"#))
        let householdId = household.1["householdId"] as? String ?? ""
        var residents: [(id: String, person: String)] = []
        for (number, relationship) in [("330106193805120047", "head"), ("330106194006150025", "spouse")] {
            let answer = Stack.json(await registration.request("POST", "v1/residents", token: "caseworker", body: """
                {"identityNumber":"\(number)","name":"居民","householdId":"\(householdId)","relationship":"\(relationship)"}
                """))
            #expect(answer.0 == 201, "\(answer.1)")
            let resident = answer.1["resident"] as? [String: Any] ?? [:]
            residents.append((resident["residentId"] as? String ?? "", resident["personId"] as? String ?? ""))
        }
        func apply(_ resident: String) async -> (Int, [String: Any]) {
            Stack.json(await registration.request("POST", "v1/applications", token: "caseworker", body: """
                {"householdId":"\(householdId)","beneficiaryResidentId":"\(resident)","program":"dibao","householdMonthlyIncomeFen":30000}
                """))
        }
        let first = await apply(residents[0].id)
        #expect(first.0 == 201)
        let applicationId = first.1["applicationId"] as? String ?? ""
        let second = await apply(residents[1].id)
        #expect(second.0 == 409 && second.1["type"] as? String == "urn:civil-affairs:problem:household-has-open-application", "\(second.1)")
        #expect(second.1["existing"] as? String == "/v1/applications/\(applicationId)")
        #expect(Stack.json(await registration.request(
            "POST", "v1/applications/\(applicationId)/decisions", token: "approver", body: #"{"action":"approve"}"#)).0 == 200)

        // The beneficiary dies before the first payment month: the removal exits the dibao.
        #expect(await registration.request("DELETE", "v1/residents/\(residents[0].id)?reason=deceased", token: "caseworker")?.0 == 204)
        let exited = Stack.json(await registration.request("GET", "v1/applications/\(applicationId)", token: "caseworker"))
        #expect(exited.1["status"] as? String == "exited" && exited.1["reason"] as? String == "removed from the register: deceased")
        let history = Stack.list(await registration.request("GET", "v1/residents/\(residents[0].id)/history", token: "caseworker"))
        #expect(history.last?["field"] as? String == "removed" && history.last?["changedBy"] as? String == "staff-0042")

        let month = Stack.months()[1]
        try await within(.seconds(60), "relief holds the exit") {
            while true {
                let entitlements = Stack.list(await relief.request("GET", "v1/entitlements?month=\(month)&program=dibao", token: "finance"))
                if entitlements.first?["outcome"] as? String == "exited" { break }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        let run = Stack.json(await relief.request("POST", "v1/payroll-runs", token: "finance", body: #"{"program":"dibao","period":"\#(month)"}"#))
        #expect(run.0 == 201 && run.1["beneficiaryCount"] as? Int == 0, "\(run.1)")
        #expect(run.1["stoppedCount"] as? Int == 1, "the draft says what stopped")
        let lines = Stack.list(await relief.request("GET", "v1/payroll-runs/\(run.1["runId"] as? String ?? "")/lines", token: "finance"))
        #expect(lines.map { $0["note"] as? String } == ["exited from \(month): deceased"])
        #expect(lines.map { $0["state"] as? String } == ["stopped"])
    }

    @Test("a dibao standard rise from a month, applied as one act, is paid at the new amount from that month and the old one before",
          .timeLimit(.minutes(3)))
    func standardRisePaysNewAmount() async throws {
        let (next, later) = (Stack.months()[1], Stack.months()[2])
        let standards = FileManager.default.temporaryDirectory.appendingPathComponent("standards-\(UUID().uuidString).json")
        try Data(#"[{"from":"\#(later)","urbanFen":130000,"ruralFen":105000}]"#.utf8).write(to: standards)
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let (registration, relief, organizations, alerts) = try Stack.launchStack(
            on: broker, extraTokens: ["approver2 staff-0008 relief approver relief"],
            registrationSettings: ["DIBAO_STANDARDS_FILE": standards.path, "DIBAO_RURAL_STANDARD_FEN": "98000"])
        let all = [registration, relief, organizations, alerts]
        defer { for service in all { kill(service.process.processIdentifier, SIGKILL) } }
        for service in [registration, relief] { try await service.waitUntilReady() }

        let household = Stack.json(await registration.request("POST", "v1/households", token: "caseworker", body: #"{"areaCode":"330106101201"}"#))
        let householdId = household.1["householdId"] as? String ?? ""
        let resident = Stack.json(await registration.request("POST", "v1/residents", token: "caseworker", body: """
            {"identityNumber":"330106193805120047","name":"居民","householdId":"\(householdId)","relationship":"head"}
            """))
        let residentId = (resident.1["resident"] as? [String: Any])?["residentId"] as? String ?? ""
        let application = Stack.json(await registration.request("POST", "v1/applications", token: "caseworker", body: """
            {"householdId":"\(householdId)","beneficiaryResidentId":"\(residentId)","program":"dibao","householdMonthlyIncomeFen":30000}
            """))
        let applicationId = application.1["applicationId"] as? String ?? ""
        #expect(Stack.json(await registration.request(
            "POST", "v1/applications/\(applicationId)/decisions", token: "approver", body: #"{"action":"approve"}"#)).0 == 200)
        let change = Stack.json(await registration.request("POST", "v1/standard-changes", token: "caseworker", body: #"{"effectiveMonth":"\#(later)"}"#))
        #expect(change.0 == 201 && change.1["households"] as? Int == 1, "\(change.1)")
        let applied = Stack.json(await registration.request(
            "POST", "v1/standard-changes/\(change.1["changeId"] as? String ?? "")/approval", token: "approver"))
        #expect(applied.0 == 200 && applied.1["status"] as? String == "applied")

        try await within(.seconds(60), "relief holds the adjustment") {
            while Stack.list(await relief.request("GET", "v1/entitlements?month=\(later)&program=dibao", token: "finance"))
                .first?["outcome"] as? String != "adjusted" {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        for (month, amount) in [(next, 98_000 - 30_000), (later, 105_000 - 30_000)] {
            let run = Stack.json(await relief.request("POST", "v1/payroll-runs", token: "finance", body: #"{"program":"dibao","period":"\#(month)"}"#))
            #expect(run.0 == 201 && run.1["totalFen"] as? Int == amount && run.1["beneficiaryCount"] as? Int == 1, "\(month): \(run.1)")
        }
    }
}
