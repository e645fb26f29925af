import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import ServiceKit
import Testing

/// A typhoon's "needs help" answer becomes emergency relief through the three departments, by
/// Kafka only: alerts reports the need, registration opens a draft a caseworker and an approver
/// decide, relief pays it once.
@Suite("needs help becomes relief", .serialized)
struct NeedsHelpReliefTests {
    @Test("alert -> dispatch -> needs-help answered twice -> one draft in registration -> submitted, approved -> one emergency relief payment",
          .timeLimit(.minutes(5)))
    func needsHelpBecomesOnePayment() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let stack = try StackTests.launchStack(on: broker, extraTokens: [
            "caseworker2 staff-0043 registration caseworker registration", "gateway gw-sms alerts notification-gateway alerts",
        ])
        let all = [stack.registration, stack.relief, stack.organizations, stack.alerts]
        do {
            try await Self.drive(registration: stack.registration, relief: stack.relief, alerts: stack.alerts, broker: broker)
        } catch {
            for service in all { kill(service.process.processIdentifier, SIGKILL) }
            throw error
        }
        for service in all { kill(service.process.processIdentifier, SIGTERM) }
        for service in all { try await service.waitForExit(within: .seconds(40)) }
    }

    static func drive(registration: ServiceProcess, relief: ServiceProcess, alerts: ServiceProcess, broker: EmbeddedKafkaBroker) async throws {
        for service in [registration, relief, alerts] { try await service.waitUntilReady() }
        let household = StackTests.json(await registration.request("POST", "v1/households", token: "caseworker", body: #"{"areaCode":"330106101201"}"#))
        let householdId = try #require(household.1["householdId"] as? String)
        let resident = StackTests.json(await registration.request("POST", "v1/residents", token: "caseworker", body: """
            {"identityNumber":"330106194203150024","name":"李桂兰","phone":"13800000022","householdId":"\(householdId)","relationship":"head"}
            """))
        #expect(resident.0 == 201, "\(resident.1)")
        let personId = try #require((resident.1["resident"] as? [String: Any])?["personId"] as? String)

        // An alert that reaches her (the alerts service learns of her from Kafka first).
        let alertId = try await StackTests.alertReachingOne(at: alerts, prefix: "typhoon", reader: "duty")

        // She answers "needs help" by SMS, and the gateway sends the answer twice.
        for _ in 0..<2 {
            let answer = await alerts.request("POST", "v1/alerts/\(alertId)/acknowledgements", token: "gateway",
                                              body: #"{"recipientId":"\#(personId)","response":"needs-help"}"#)
            #expect(answer?.0 == 201)
        }
        // A category with any other answer is refused.
        let wrong = await alerts.request("POST", "v1/alerts/\(alertId)/acknowledgements", token: "duty",
                                         body: #"{"recipientId":"\#(personId)","response":"safe","needCategory":"food"}"#)
        #expect(wrong?.0 == 400)
        let timeline = StackTests.json(await alerts.request("GET", "v1/alerts/\(alertId)/timeline?bucketMinutes=5", token: "duty"))
        let totals = timeline.1["totals"] as? [String: Any] ?? [:]
        #expect(totals["needsHelp"] as? Int == 1 && totals["notified"] as? Int == 1)
        #expect((timeline.1["milestones"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["accepted", "dispatched"])

        // Registration lists one household in need, with one draft, whatever the answer's repeats.
        let need = try await within(.seconds(60), "registration lists the household in need") {
            while true {
                let page = StackTests.list(await registration.request("GET", "v1/assistance-needs?alertId=\(alertId)&areaCode=330106101", token: "caseworker"))
                if let first = page.first {
                    return [first["householdId"] as? String ?? "", first["applicationStatus"] as? String ?? "", first["applicationId"] as? String ?? ""]
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        #expect(need[0] == householdId && need[1] == "draft")
        let applicationId = need[2]
        try await Task.sleep(for: .seconds(1))
        let needs = StackTests.list(await registration.request("GET", "v1/assistance-needs?alertId=\(alertId)", token: "caseworker"))
        #expect(needs.count == 1 && needs.first?["reports"] as? Int == 2)

        // Nothing is paid from a draft: the caseworker submits with an amount, another approves.
        let noAmount = await registration.request("POST", "v1/applications/\(applicationId)/submission", token: "caseworker")
        #expect(noAmount?.0 == 400)
        let submitted = StackTests.json(await registration.request(
            "POST", "v1/applications/\(applicationId)/submission", token: "caseworker", body: #"{"oneOffAmountFen":200000}"#))
        #expect(submitted.0 == 200 && submitted.1["submittedBy"] as? String == "staff-0042" && submitted.1["status"] as? String == "submitted")
        // A second caseworker cannot submit it again, and the submitter cannot approve it.
        #expect(await registration.request("POST", "v1/applications/\(applicationId)/submission", token: "caseworker2")?.0 == 403)
        let approved = StackTests.json(await registration.request(
            "POST", "v1/applications/\(applicationId)/decisions", token: "approver", body: #"{"action":"approve"}"#))
        #expect(approved.0 == 200 && approved.1["status"] as? String == "active")

        // Relief pays it once through the emergency relief program.
        let month = try await StackTests.payableMonth(of: personId, at: relief)
        let run = StackTests.json(await relief.request(
            "POST", "v1/payroll-runs", token: "finance", body: #"{"program":"emergency-relief","period":"\#(month)"}"#))
        #expect(run.0 == 201, "\(run.1)")
        let runId = run.1["runId"] as? String ?? ""
        #expect(StackTests.json(await relief.request("POST", "v1/payroll-runs/\(runId)/approval", token: "finance-approver")).0 == 200)
        #expect(StackTests.json(await relief.request("POST", "v1/payroll-runs/\(runId)/release", token: "finance")).0 == 200)
        let instructions = try await records(on: TopicCatalog.payment.name, count: 1, from: broker)
        let payment = try PaymentInstruction(cloudEvent: try CloudEvent(kafkaMessage: try #require(instructions.first)))
        #expect(payment.beneficiaryId == personId && payment.amountFen == 200_000 && payment.program == .emergencyRelief)
        // A second run of the month pays nothing more.
        let again = StackTests.json(await relief.request(
            "POST", "v1/payroll-runs", token: "finance", body: #"{"program":"emergency-relief","period":"\#(month)"}"#))
        #expect(again.0 == 409 || again.1["beneficiaryCount"] as? Int == 0, "\(again.1)")
    }
}
