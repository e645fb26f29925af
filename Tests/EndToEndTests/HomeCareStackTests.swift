import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import ServiceKit
import Testing

/// Purchased home care across three departments, through Kafka only: organizations registers
/// the provider, registration decides the elder's plan, relief contracts the provider, takes its
/// visits, refuses them once organizations deregisters it, and settles its month.
@Suite("home care across the departments", .serialized)
struct HomeCareStackTests {
    static let staff = [
        "caseworker staff-0042 registration caseworker registration", "approver staff-0007 registration approver registration",
        "clerk staff-0101 organizations clerk organizations", "registrar staff-0102 organizations registrar organizations",
        "care staff-0320 relief care-officer relief", "finance staff-0300 relief finance-officer relief",
        "finance-approver staff-0301 relief approver relief",
    ]

    static func tokens(_ lines: [String]) -> String {
        lines.map { line -> String in
            let parts = line.split(separator: " ", maxSplits: 1)
            return "\(TokenDirectory.hash(ofToken: String(parts[0]))) \(parts[1])"
        }.joined(separator: "\n")
    }

    /// Yesterday 10:00 in Asia/Shanghai, and its month: a visit in the past whatever the hour the test runs.
    static func yesterdayMorning() -> (Date, String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let yesterday = calendar.date(byAdding: .day, value: -1, to: Date())!
        let start = calendar.date(bySettingHour: 10, minute: 0, second: 0, of: yesterday)!
        let parts = calendar.dateComponents([.year, .month], from: start)
        return (start, String(format: "%04d-%02d", parts.year!, parts.month!))
    }

    @Test("organization established -> plan decided -> provider contracted -> visit recorded -> deregistered, refused -> month settled once",
          .timeLimit(.minutes(5)))
    func homeCareAcrossDepartments() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("home-care-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = StackTests.root
        func launch(_ name: String, _ settings: [String: String], extra: [String] = []) throws -> ServiceProcess {
            try ServiceProcess.launch(name, environment: settings.merging([
                "KAFKA_BOOTSTRAP": broker.bootstrapServers, "AUTH_TOKENS": Self.tokens(Self.staff + extra),
                "DATABASE_URL": folder.appendingPathComponent("\(name).sqlite").path,
            ]) { $1 })
        }
        let reliefSettings = ["PROGRAMS_FILE": root.appendingPathComponent("Services/Relief/demo/programs.json").path]
        let registration = try launch("registration-service", [
            "AREAS_FILE": root.appendingPathComponent("Services/Registration/demo/areas.json").path,
            "PSEUDONYM_KEY": Data((0..<32).map { UInt8($0) }).base64EncodedString(),
            "HOME_CARE_POLICY_FILE": root.appendingPathComponent("Services/Registration/demo/home-care-policy.json").path,
        ])
        let organizations = try launch("organizations-service", [
            "REGISTRAR_POLICY_FILE": root.appendingPathComponent("Services/Organizations/demo/registrar-policy.json").path,
        ])
        let firstRelief = try launch("relief-service", reliefSettings)
        var running = [registration, organizations, firstRelief]
        defer { for service in running { kill(service.process.processIdentifier, SIGKILL) } }
        for service in running { try await service.waitUntilReady() }

        // Organizations: a service centre reserves its name and is established.
        func decide(_ filing: (Int, [String: Any])) async throws -> String {
            let id = try #require(filing.1["filingId"] as? String, "\(filing.1)")
            #expect(StackTests.json(await organizations.request("POST", "v1/filings/\(id)/acceptance", token: "registrar")).0 == 200)
            let approved = StackTests.json(await organizations.request("POST", "v1/filings/\(id)/approval", token: "registrar"))
            #expect(approved.0 == 200, "\(approved.1)")
            return try #require(approved.1["organizationId"] as? String)
        }
        func documents(_ titles: [String]) -> String {
            "[" + titles.map { #"{"title":"\#($0)","receivedOn":"2026-11-30"}"# }.joined(separator: ",") + "]"
        }
        let providerId = try await decide(StackTests.json(await organizations.request("POST", "v1/filings", token: "clerk", body: """
            {"kind":"name-reservation","details":{"name":"西湖区颐乐居家养老服务中心","kind":"private-non-enterprise-unit","domicileAreaCode":"330106"},
             "documents":\(documents(["名称预先核准申请表"]))}
            """)))
        _ = try await decide(StackTests.json(await organizations.request("POST", "v1/filings", token: "clerk", body: """
            {"kind":"establishment","organizationId":"\(providerId)","details":{"name":"西湖区颐乐居家养老服务中心","kind":"private-non-enterprise-unit",
             "domicileAreaCode":"330106","legalRepresentative":"周建华","businessScope":"居家养老上门服务","startUpFundsFen":3000000,"supervisingUnit":"区民政局"},
             "documents":\(documents(["成立登记申请书", "章程草案", "验资报告", "住所使用证明", "业务主管单位批准文件"]))}
            """)))

        // Registration: an 88-year-old living alone gets a plan from the month of yesterday.
        let (visitStart, month) = Self.yesterdayMorning()
        let household = StackTests.json(await registration.request("POST", "v1/households", token: "caseworker", body: #"{"areaCode":"330106001001"}"#))
        let householdId = try #require(household.1["householdId"] as? String)
        let resident = StackTests.json(await registration.request("POST", "v1/residents", token: "caseworker", body: """
            {"identityNumber":"330106193805120047","name":"王秀英","householdId":"\(householdId)","relationship":"head"}
            """))
        let elder = try #require(resident.1["resident"] as? [String: Any])
        let personId = try #require(elder["personId"] as? String)
        let application = StackTests.json(await registration.request("POST", "v1/applications", token: "caseworker", body: """
            {"householdId":"\(householdId)","beneficiaryResidentId":"\(elder["residentId"] as? String ?? "")","program":"home-care"}
            """))
        #expect(application.0 == 201, "\(application.1)")
        let applicationId = application.1["applicationId"] as? String ?? ""
        #expect(StackTests.json(await registration.request("POST", "v1/applications/\(applicationId)/decisions", token: "approver",
                                                           body: #"{"action":"approve","effectiveMonth":"\#(month)"}"#)).0 == 200)

        // Relief contracts the provider once the register's record has arrived.
        try await within(.seconds(60), "the provider is contracted") {
            while true {
                let contracted = StackTests.json(await firstRelief.request("POST", "v1/care-providers", token: "care", body: """
                    {"providerId":"\(providerId)","hourlyRatesFen":{"housekeeping":3000,"daily-care":4000},"areas":["330106001"],
                     "contractFrom":"2026-01","contractUntil":"2027-12"}
                    """))
                if contracted.0 == 201 { return }
                #expect(contracted.1["type"] as? String == "urn:civil-affairs:problem:provider-not-active")
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        // The provider's token is added and relief restarted, as the runbook says.
        kill(firstRelief.process.processIdentifier, SIGTERM)
        try await firstRelief.waitForExit(within: .seconds(40))
        let relief = try launch("relief-service", reliefSettings, extra: ["provider \(providerId) provider care-provider relief"])
        running = [registration, organizations, relief]
        try await relief.waitUntilReady()
        let visit = """
            {"personId":"\(personId)","serviceType":"housekeeping","startedAt":"\(ISO8601DateFormatter().string(from: visitStart))",
             "endedAt":"\(ISO8601DateFormatter().string(from: visitStart.addingTimeInterval(5400)))","staffMember":"W-07"}
            """
        let recorded = try await within(.seconds(60), "the visit is recorded once the plan has arrived") {
            while true {
                let answer = StackTests.json(await relief.request("POST", "v1/care-visits", token: "provider", body: visit))
                if answer.0 == 201 { return answer.1["amountFen"] as? Int ?? 0 }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        #expect(recorded == 4500)
        // A care officer's token records no visit.
        #expect(await relief.request("POST", "v1/care-visits", token: "care", body: visit)?.0 == 403)

        // Organizations deregisters the centre: relief refuses its next visit once the record arrives.
        _ = try await decide(StackTests.json(await organizations.request("POST", "v1/filings", token: "clerk", body: """
            {"kind":"deregistration","organizationId":"\(providerId)","details":{},"documents":\(documents(["注销登记申请书", "清算报告"]))}
            """)))
        let later = visit.replacingOccurrences(of: ISO8601DateFormatter().string(from: visitStart), with: ISO8601DateFormatter().string(from: visitStart.addingTimeInterval(7200)))
            .replacingOccurrences(of: ISO8601DateFormatter().string(from: visitStart.addingTimeInterval(5400)), with: ISO8601DateFormatter().string(from: visitStart.addingTimeInterval(9000)))
        try await within(.seconds(60), "relief reads the deregistration") {
            while StackTests.list(await relief.request("GET", "v1/care-providers", token: "care")).first?["status"] as? String != "deregistered" {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        let refused = StackTests.json(await relief.request("POST", "v1/care-visits", token: "provider", body: later))
        #expect(refused.0 == 409 && refused.1["type"] as? String == "urn:civil-affairs:problem:provider-not-active", "\(refused.1)")

        // The month settled: one payment to the provider, for the one visit.
        let run = StackTests.json(await relief.request("POST", "v1/payroll-runs", token: "finance",
                                                        body: #"{"program":"home-care-settlement","period":"\#(month)"}"#))
        #expect(run.0 == 201 && run.1["totalFen"] as? Int == 4500 && run.1["beneficiaryCount"] as? Int == 1, "\(run.1)")
        let runId = run.1["runId"] as? String ?? ""
        #expect(StackTests.json(await relief.request("POST", "v1/payroll-runs/\(runId)/approval", token: "finance-approver")).0 == 200)
        #expect(StackTests.json(await relief.request("POST", "v1/payroll-runs/\(runId)/release", token: "finance")).0 == 200)
        let grant = try GrantPaymentInstruction(cloudEvent: try CloudEvent(kafkaMessage: try #require(
            try await records(on: TopicCatalog.grant.name, count: 1, from: broker).first)))
        #expect(grant.payeeId == providerId && grant.amountFen == 4500)
        let settlement = try CareSettlement(cloudEvent: try CloudEvent(kafkaMessage: try #require(
            try await records(on: TopicCatalog.careSettlement.name, count: 1, from: broker).first)))
        #expect(settlement.providerId == providerId && settlement.visits == 1 && settlement.minutes == 90)
        for service in running { kill(service.process.processIdentifier, SIGTERM) }
        for service in running { try await service.waitForExit(within: .seconds(40)) }
        running = []
    }
}
