import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import ServiceKit
import Testing

/// The four service executables on one embedded broker, as `make run` starts them, driven over
/// HTTP as staff would drive them: what one department does reaches the others through Kafka only.
@Suite("the four services together", .serialized)
struct StackTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func json(_ answer: (Int, Data)?) -> (Int, [String: Any]) {
        guard let (status, body) = answer else { return (0, [:]) }
        return (status, (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:])
    }

    static func list(_ answer: (Int, Data)?) -> [[String: Any]] {
        guard let (_, body) = answer else { return [] }
        let json = try? JSONSerialization.jsonObject(with: body)
        return json as? [[String: Any]] ?? (json as? [String: Any])?["items"] as? [[String: Any]] ?? []
    }

    /// The four services on `broker`, each with its own SQLite file and the demo files, as `make run` starts them.
    static func launchStack(
        on broker: EmbeddedKafkaBroker, extraTokens: [String] = [], registrationSettings: [String: String] = [:],
        reliefSettings: [String: String] = [:]
    ) throws
        -> (registration: ServiceProcess, relief: ServiceProcess, organizations: ServiceProcess, alerts: ServiceProcess)
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let common = [
            "KAFKA_BOOTSTRAP": broker.bootstrapServers,
            "AUTH_TOKENS": ([
                "caseworker staff-0042 registration caseworker registration", "approver staff-0007 registration approver registration",
                "finance staff-0300 relief finance-officer relief", "finance-approver staff-0301 relief approver relief",
                "duty staff-0201 alerts duty-officer alerts", "officer staff-0310 alerts area-officer alerts",
                "clerk staff-0101 organizations clerk organizations",
            ] + extraTokens).map { line -> String in
                let parts = line.split(separator: " ", maxSplits: 1)
                return "\(TokenDirectory.hash(ofToken: String(parts[0]))) \(parts[1])"
            }.joined(separator: "\n"),
        ]
        func launch(_ name: String, _ settings: [String: String]) throws -> ServiceProcess {
            try ServiceProcess.launch(name, environment: common.merging(settings) { $1 }.merging(
                ["DATABASE_URL": folder.appendingPathComponent("\(name).sqlite").path]) { $1 })
        }
        let registration = try launch("registration-service", [
            "AREAS_FILE": Self.root.appendingPathComponent("Services/Registration/demo/areas.json").path,
            "PSEUDONYM_KEY": Data((0..<32).map { UInt8($0) }).base64EncodedString(),
            "HOME_CARE_POLICY_FILE": Self.root.appendingPathComponent("Services/Registration/demo/home-care-policy.json").path,
        ].merging(registrationSettings) { $1 })
        let relief = try launch("relief-service", [
            "PROGRAMS_FILE": Self.root.appendingPathComponent("Services/Relief/demo/programs.json").path,
        ].merging(reliefSettings) { $1 })
        let organizations = try launch("organizations-service", [
            "REGISTRAR_POLICY_FILE": Self.root.appendingPathComponent("Services/Organizations/demo/registrar-policy.json").path,
        ])
        let alerts = try launch("alerts-service", [
            "AREAS_FILE": Self.root.appendingPathComponent("Services/Alerts/demo/areas.json").path,
            "STOCK_CATALOG_FILE": Self.root.appendingPathComponent("Services/Alerts/demo/relief-materials.json").path,
        ])
        return (registration, relief, organizations, alerts)
    }

    /// The four services, each with a `root-<service>` token (staff-0999, every role, scoped to
    /// that service only), ready; the caller kills them.
    static func launchRootStack(on broker: EmbeddedKafkaBroker) async throws -> [(name: String, service: ServiceProcess)] {
        let departments = ["registration", "relief", "alerts", "organizations"]
        let stack = try launchStack(
            on: broker, extraTokens: departments.map { "root-\($0) staff-0999 \($0) \(ExtremeInputTests.allRoles) \($0)" })
        let services = [("registration", stack.registration), ("relief", stack.relief), ("alerts", stack.alerts),
                        ("organizations", stack.organizations)]
        for (_, service) in services { try await service.waitUntilReady() }
        return services
    }

    @Test("registration -> dibao decision -> relief entitlement -> payroll -> payment instruction; registration -> alert targeting -> notification; an organization filing",
          .timeLimit(.minutes(4)))
    func departmentsThroughKafka() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let (registration, relief, organizations, alerts) = try Self.launchStack(on: broker)
        let all = [registration, relief, organizations, alerts]
        do {
            try await Self.drive(registration: registration, relief: relief, organizations: organizations, alerts: alerts, broker: broker)
        } catch {
            for service in all { kill(service.process.processIdentifier, SIGKILL) }
            throw error
        }
        for service in all { kill(service.process.processIdentifier, SIGTERM) }
        for service in all { try await service.waitForExit(within: .seconds(40)) }
    }

    static func drive(
        registration: ServiceProcess, relief: ServiceProcess, organizations: ServiceProcess, alerts: ServiceProcess,
        broker: EmbeddedKafkaBroker
    ) async throws {
        for service in [registration, relief, organizations, alerts] { try await service.waitUntilReady() }

        // Registration: a household of one in a village, with a phone, granted dibao by a second person.
        let household = Self.json(await registration.request("POST", "v1/households", token: "caseworker", body: #"{"areaCode":"330106101201"}"#))
        #expect(household.0 == 201)
        let householdId = household.1["householdId"] as? String ?? ""
        let resident = Self.json(await registration.request("POST", "v1/residents", token: "caseworker", body: """
            {"identityNumber":"330106193805120047","name":"王秀英","phone":"13800000047","householdId":"\(householdId)","relationship":"head"}
            """))
        #expect(resident.0 == 201)
        let registered = resident.1["resident"] as? [String: Any] ?? [:]
        let residentId = registered["residentId"] as? String ?? ""
        let personId = try #require(registered["personId"] as? String)
        let application = Self.json(await registration.request("POST", "v1/applications", token: "caseworker", body: """
            {"householdId":"\(householdId)","beneficiaryResidentId":"\(residentId)","program":"dibao","householdMonthlyIncomeFen":30000}
            """))
        #expect(application.0 == 201)
        let applicationId = application.1["applicationId"] as? String ?? ""
        let decided = Self.json(await registration.request(
            "POST", "v1/applications/\(applicationId)/decisions", token: "approver", body: #"{"action":"approve"}"#))
        #expect(decided.0 == 200 && decided.1["status"] as? String == "active")

        // Relief learns of the decision from Kafka; a payroll run pays it.
        let month = try await Self.payableMonth(of: personId, at: relief)
        let run = Self.json(await relief.request("POST", "v1/payroll-runs", token: "finance", body: #"{"program":"dibao","period":"\#(month)"}"#))
        #expect(run.0 == 201)
        let runId = run.1["runId"] as? String ?? ""
        #expect(Self.json(await relief.request("POST", "v1/payroll-runs/\(runId)/approval", token: "finance-approver")).0 == 200)
        #expect(Self.json(await relief.request("POST", "v1/payroll-runs/\(runId)/release", token: "finance")).0 == 200)
        let instruction = try await records(on: TopicCatalog.payment.name, count: 1, from: broker).first
        let payment = try PaymentInstruction(cloudEvent: try CloudEvent(kafkaMessage: try #require(instruction)))
        #expect(payment.beneficiaryId == personId && payment.period == month)

        // Alerts learns of the resident from Kafka; an alert on her village reaches her phone.
        // The alert service reads the resident from the person and contact topics; an alert
        // issued before that reaches nobody, so issue new ones until one targets her.
        let alertId = try await Self.alertReachingOne(at: alerts, prefix: "e2e", reader: "officer")
        let notification = try await records(on: TopicCatalog.notification.name, count: 1, from: broker).first
        let sent = try NotificationRequested(cloudEvent: try CloudEvent(kafkaMessage: try #require(notification)))
        #expect(sent.alertId == alertId && sent.recipientId == personId)
        #expect(sent.address == "13800000047" && sent.channel == .sms && sent.priority == 0)

        // Organizations works on the same broker.
        let filing = Self.json(await organizations.request("POST", "v1/filings", token: "clerk", body: """
            {"kind":"name-reservation","details":{"name":"西湖区老年人体育协会","kind":"social-group","domicileAreaCode":"330106"},
             "documents":[{"title":"名称预先核准申请表","receivedOn":"2026-11-30"}]}
            """))
        #expect(filing.0 == 201, "\(filing.1)")
    }

    /// The month (this one or one of the next two) in which relief holds `personId` payable, once
    /// registration's decision has reached it through Kafka.
    static func payableMonth(of personId: String, at relief: ServiceProcess) async throws -> String {
        try await within(.seconds(60), "relief holds the entitlement") {
            while true {
                for candidate in months() {
                    let entitlements = list(await relief.request("GET", "v1/entitlements?month=\(candidate)", token: "finance"))
                    if entitlements.contains(where: { $0["beneficiaryId"] as? String == personId && $0["payable"] as? Bool == true }) {
                        return candidate
                    }
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Issues Moderate Actual alerts on the village 330106101201 (ids `<prefix>-1`, `-2`, …) until
    /// one, dispatched, targets exactly one resident: the alert service learns of a newly
    /// registered resident through Kafka, so an alert issued before that reaches nobody.
    static func alertReachingOne(at alerts: ServiceProcess, prefix: String, reader: String) async throws -> String {
        let cap = """
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>ID</identifier><sender>duty@mca.xihu.gov.cn</sender>
            <sent>2026-11-29T09:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
            <info><category>Met</category><event>台风</event><urgency>Expected</urgency><severity>Moderate</severity><certainty>Likely</certainty>
            <headline>台风预警</headline><area><areaDesc>龙井村</areaDesc><geocode><valueName>CN-AREA</valueName><value>330106101201</value></geocode></area></info>
            </alert>
            """
        return try await within(.seconds(90), "an alert targets the resident") {
            for attempt in 1... {
                let id = "\(prefix)-\(attempt)"
                let created = json(await alerts.request(
                    "POST", "v1/alerts", token: "duty", body: cap.replacingOccurrences(of: "<identifier>ID", with: "<identifier>\(id)"),
                    contentType: "application/cap+xml"))
                #expect(created.0 == 201)
                for _ in 0..<50 {
                    let areas = list(await alerts.request("GET", "v1/alerts/\(id)/areas", token: reader))
                    if areas.first?["dispatch"] as? String == "finished" {
                        if areas.first?["targeted"] as? Int == 1 { return id }
                        break
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            return ""
        }
    }

    /// This month and the next two, in the bureau's time zone: the decision's effective month.
    static func months() -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return (0..<3).map { offset in
            let date = calendar.date(byAdding: .month, value: offset, to: Date())!
            let parts = calendar.dateComponents([.year, .month], from: date)
            return String(format: "%04d-%02d", parts.year!, parts.month!)
        }
    }
}
