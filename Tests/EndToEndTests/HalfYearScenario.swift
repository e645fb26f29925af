import CivilDomain
import Foundation
import KafkaTestSupport
@testable import Report
import Testing

/// A half-year like the bureau's, driven through the four services' HTTP APIs only, and the
/// report's figures it must produce. The period is the half-year holding today (filings and
/// alerts happen now); benefit decisions take effect in its months or, for the roll it starts
/// with, in the month before it. Beside each figure the scenario also does what must not count:
/// an exit after the period, a rejected application, a payment for the month after, a Test alert,
/// a rejected name, a disability grade that is not severe.
struct HalfYearScenario {
    let registration: ServiceProcess
    let relief: ServiceProcess
    let organizations: ServiceProcess
    let alerts: ServiceProcess
    let period: ReportPeriod

    static let (urbanStandardFen, ruralStandardFen, householdIncomeFen) = (114_500, 98_000, 30_000)
    static let (urbanArea, ruralArea, guardianArea) = ("330106001001", "330106101201", "330106001002")

    /// The half-year holding today in the bureau's time zone.
    static var currentHalfYear: ReportPeriod { ReportPeriod.halfYear(holding: BureauClock.system.today) }

    var months: [String] {
        (0..<6).map { Month(year: period.from.year, month: period.from.number + $0)!.description }
    }
    var before: String { period.from.previous!.description }
    var after: String { period.until.next!.description }

    /// The relief programs the scenario pays: the demo catalog with a child allowance of 1,060
    /// yuan a month, a Children's Day grant of 1,000 yuan, and budgets for the period's year and the next.
    static func programsFile(for period: ReportPeriod) throws -> URL {
        let demo = StackTests.root.appendingPathComponent("Services/Relief/demo/programs.json")
        var catalog = try JSONSerialization.jsonObject(with: Data(contentsOf: demo)) as? [String: Any] ?? [:]
        var programs = catalog["programs"] as? [[String: Any]] ?? []
        programs.append(["id": "children-day-grant", "name": "六一儿童节慰问金", "kind": "campaign",
                         "rates": [["from": period.from.description, "amountFen": 100_000]]])
        for index in programs.indices {
            programs[index]["budgets"] = [period.from.yearText: 90_000_000_000, period.until.next!.yearText: 90_000_000_000]
            if programs[index]["id"] as? String == "child-living-allowance" {
                programs[index]["rates"] = [["from": "2000-01", "monthlyAmountFen": 106_000]]
            }
        }
        catalog["programs"] = programs
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("half-year-programs-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: catalog).write(to: file)
        return file
    }

    /// A valid GB 11643 number born in `year`, different for each index below 9,000.
    static func identityNumber(_ index: Int, born year: Int) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let (day, sequence) = index.quotientAndRemainder(dividingBy: 900)
        let body = "330106" + String(format: "%04d%02d%02d%03d", year, day / 28 + 1, day % 28 + 1, sequence + 100)
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    struct Member: Sendable {
        let residentId: String
        let personId: String
        let householdId: String
    }

    /// A household the import created, with its members in registration order.
    struct Household: Sendable {
        let id: String
        let area: String
        var members: [Member]
    }

    // MARK: The steps

    /// Runs the half-year and returns the figures the report must show.
    func run() async throws -> HalfYearReport {
        let households = try await importHouseholds()
        let pairs = households.filter { $0.area != Self.guardianArea && $0.members.count == 2 }
        let singles = households.filter { $0.area != Self.guardianArea && $0.members.count == 1 }
        let guardians = households.filter { $0.area == Self.guardianArea }
        #expect(pairs.count == 1_008 && singles.count == 345 && guardians.count == 141)

        let dibao = try await dibaoHalfYear(pairs: pairs, singles: singles, rejected: guardians[140])
        let children = try await registerChildren(in: Array(guardians.prefix(140)))
        let temporary = try await apply("temporary-relief", for: pairs[100..<347].map { $0.members[0] },
                                        amounts: Array(repeating: 282_600, count: 246) + [280_400])
        _ = try await apply("temporary-relief", for: [pairs[347].members[0]], amounts: [100_000], month: after)
        _ = try await apply("emergency-relief", for: pairs[400..<406].map { $0.members[0] }, amounts: Array(repeating: 1_300_000, count: 6))
        let medical = pairs[500..<600].map { $0.members[0] }
        // Registration approves medical assistance up to the yearly cap; relief pays the claims.
        _ = try await apply("medical-assistance", for: medical, amounts: Array(repeating: 5_000_000, count: 100), month: period.from.description)
        _ = try await apply("child-living-allowance", for: children, amounts: Array(repeating: 106_000, count: 140), field: "monthlyAmountFen",
                            month: period.from.description)
        #expect(temporary == 247)

        try await waitForEntitlements(["temporary-relief": 247, "emergency-relief": 6, "medical-assistance": 100, "child-living-allowance": 140])
        try await enterMedicalClaims(for: medical)
        let listed = StackTests.json(await relief.request("POST", "v1/programs/children-day-grant/recipients", token: "finance", body: """
            {"recipients":[\(children.prefix(110).map { #"{"beneficiaryId":"\#($0.personId)","householdId":"\#($0.householdId)"}"# }.joined(separator: ","))]}
            """))
        #expect(listed.0 == 200 && listed.1["listed"] as? Int == 110, "\(listed.1)")
        let until = period.until.description
        for (program, month, count) in [
            ("temporary-relief", until, 247), ("temporary-relief", after, 1), ("emergency-relief", until, 6),
            ("medical-assistance", until, 467), ("child-living-allowance", months[0], 140), ("child-living-allowance", until, 140),
            ("children-day-grant", until, 110),
        ] {
            try await pay(program, for: month, expecting: count)
        }

        let organizations = try await filingsHalfYear()
        let disaster = try await typhoon(village: pairs.filter { $0.area == Self.ruralArea } + singles.filter { $0.area == Self.ruralArea })

        let assistance = HalfYearReport.SocialAssistance(
            dibao: dibao,
            temporaryRelief: HalfYearReport.OneOff(personTimes: 247, households: 247, amountFen: 698_000_00),
            emergencyRelief: HalfYearReport.OneOff(personTimes: 6, households: 6, amountFen: 78_000_00),
            medicalAssistance: HalfYearReport.OneOff(personTimes: 467, households: 100, amountFen: 2_230_000_00),
            childLivingAllowance: HalfYearReport.ChildAllowance(children: 140, monthlyFenPerChild: 1_060_00, paidInPeriodFen: 280 * 1_060_00),
            campaignGrants: [HalfYearReport.CampaignGrant(programId: "children-day-grant", recipients: 110, amountFen: 1_000_00, totalFen: 110_000_00)])
        let care = HalfYearReport.ElderlyCare(
            homeCarePlans: 0, minutesByServiceType: [:], aged85To89: 0, aged85To89Covered: 0, visitsDisputed: 0, visitsAccepted: 0,
            subsidiesFen: [:], centresByStarRating: [:])
        return HalfYearReport(
            period: period, socialAssistance: assistance, elderlyCare: care, organizations: organizations,
            disasterPrevention: disaster, programNames: ["children-day-grant": "六一儿童节慰问金"], recordsPerTopic: [:])
    }

    /// 1,008 households of two and 345 of one alternate between a city community and a village;
    /// 141 guardians' households of one live in a second community.
    func importHouseholds() async throws -> [Household] {
        var rows: [String] = []
        var person = 0
        for (prefix, count, size) in [("p", 1_008, 2), ("s", 345, 1), ("g", 141, 1)] {
            for index in 0..<count {
                let area = prefix == "g" ? Self.guardianArea : index.isMultiple(of: 2) ? Self.urbanArea : Self.ruralArea
                for member in 0..<size {
                    rows.append("\(prefix)\(index),\(area),\(Self.identityNumber(person, born: 1950)),居民\(person),\(member == 0 ? "head" : "spouse")")
                    person += 1
                }
            }
        }
        // Files of 600 rows: each within the service's body limit, households never split.
        var files: [String] = []
        var file: [String] = []
        for (index, row) in rows.enumerated() {
            file.append(row)
            let nextStartsHousehold = index + 1 == rows.count || rows[index + 1].hasSuffix(",head")
            if file.count >= 600, nextStartsHousehold {
                files.append(file.joined(separator: "\n"))
                file = []
            }
        }
        if !file.isEmpty { files.append(file.joined(separator: "\n")) }
        for body in files {
            let imported = StackTests.json(await registration.request(
                "POST", "v1/imports?mode=all-or-nothing", token: "caseworker",
                body: "household_ref,area_code,identity_number,name,relationship\n" + body + "\n", contentType: "text/csv"))
            #expect(imported.0 == 200 && (imported.1["errors"] as? [Any])?.isEmpty == true, "\(imported.1)")
        }
        var households: [String: Household] = [:]
        for area in [Self.urbanArea, Self.ruralArea, Self.guardianArea] {
            for page in 1... {
                let answer = StackTests.json(await registration.request("GET", "v1/residents?areaCode=\(area)&pageSize=500&page=\(page)", token: "caseworker"))
                let residents = answer.1["residents"] as? [[String: Any]] ?? []
                for resident in residents {
                    let member = Member(residentId: resident["residentId"] as? String ?? "", personId: resident["personId"] as? String ?? "",
                                        householdId: resident["householdId"] as? String ?? "")
                    households[member.householdId, default: Household(id: member.householdId, area: area, members: [])].members
                        .append(member)
                }
                if residents.count < 500 { break }
            }
        }
        return households.values.sorted { $0.id < $1.id }
    }

    /// 1,226 households on the roll before the period (every pair and 218 singles), 127 singles
    /// joining in it, 53 leaving in it and one leaving after it; a rejected application; 12
    /// severely disabled members on the roll, 3 of grade 3, and one severe in a household that left.
    func dibaoHalfYear(pairs: [Household], singles: [Household], rejected: Household) async throws -> HalfYearReport.Dibao {
        let joining = Array(singles[218...])
        let earlier = pairs + singles[..<218]
        let decided = try await concurrentMap(Array(earlier.enumerated()) + Array(joining.enumerated())) { index, household in
            let month = joining.contains { $0.id == household.id } ? months[index % 6] : before
            return (household.id, try await applyForDibao(household, decision: #"{"action":"approve","effectiveMonth":"\#(month)"}"#))
        }
        let applications = Dictionary(uniqueKeysWithValues: decided)
        let leaving = Array(singles[..<53])
        let reasons = Array(repeating: "income-above-standard", count: 40) + Array(repeating: "moved-out", count: 8)
            + Array(repeating: "deceased", count: 5)
        _ = try await concurrentMap(Array(leaving.enumerated())) { index, household in
            try await decide(applications[household.id] ?? "", #"{"action":"exit","reason":"半年复核","reasonCode":"\#(reasons[index])","effectiveMonth":"\#(months[index % 6])"}"#)
        }
        try await decide(applications[singles[53].id] ?? "", #"{"action":"exit","reason":"下月起收入超标","reasonCode":"income-above-standard","effectiveMonth":"\#(after)"}"#)
        _ = try await applyForDibao(rejected, decision: #"{"action":"reject","reason":"收入超过标准","reasonCode":"income-above-standard"}"#)

        let severe = pairs[..<12].enumerated().map { ($1.members[1], $0 % 2 + 1) }
        let other = pairs[12..<15].map { ($0.members[1], 3) } + [(leaving[0].members[0], 1)]
        for (member, grade) in severe + other {
            let corrected = StackTests.json(await registration.request(
                "PATCH", "v1/residents/\(member.residentId)", token: "caseworker", body: #"{"disabilityGrade":\#(grade),"reason":"残疾证核验"}"#))
            #expect(corrected.0 == 200, "\(corrected.1)")
        }

        let onRoll = pairs + singles[53...]
        func kind(_ area: String, _ name: String, _ standard: Int) -> HalfYearReport.AreaKindFigures {
            let sizes: [Int] = onRoll.filter { $0.area == area }.map { $0.members.count }
            let persons: Int = sizes.reduce(0, +)
            let topUp: Int = sizes.map { size in (standard - Self.householdIncomeFen / size) * size }.reduce(0, +)
            let average = topUp / persons
            return HalfYearReport.AreaKindFigures(
                areaKind: name, households: sizes.count, persons: persons, monthlyTopUpFen: topUp, averageTopUpPerPersonFen: average,
                standardFen: standard, percentOfStandard: (average * 100 + standard / 2) / standard)
        }
        return HalfYearReport.Dibao(
            households: 1_300, persons: 2_308, newHouseholds: 127, exitedHouseholds: 53,
            exitsByReason: ["income-above-standard": 40, "moved-out": 8, "deceased": 5],
            byAreaKind: [kind(Self.ruralArea, "rural", Self.ruralStandardFen), kind(Self.urbanArea, "urban", Self.urbanStandardFen)],
            severelyDisabledPersons: 12)
    }

    func applyForDibao(_ household: Household, decision: String) async throws -> String {
        let application = StackTests.json(await registration.request("POST", "v1/applications", token: "caseworker", body: """
            {"householdId":"\(household.id)","beneficiaryResidentId":"\(household.members[0].residentId)","program":"dibao","householdMonthlyIncomeFen":\(Self.householdIncomeFen)}
            """))
        #expect(application.0 == 201, "\(application.1)")
        let id = application.1["applicationId"] as? String ?? ""
        try await decide(id, decision)
        return id
    }

    func decide(_ application: String, _ body: String) async throws {
        let decided = StackTests.json(await registration.request("POST", "v1/applications/\(application)/decisions", token: "approver", body: body))
        #expect(decided.0 == 200, "\(body): \(decided.1)")
    }

    /// 140 left-behind children born in 2015, one in each guardian's household.
    func registerChildren(in households: [Household]) async throws -> [Member] {
        try await concurrentMap(Array(households.enumerated())) { index, household in
            let answer = StackTests.json(await registration.request("POST", "v1/residents", token: "caseworker", body: """
                {"identityNumber":"\(Self.identityNumber(index, born: 2015))","name":"儿童\(index)","householdId":"\(household.id)","relationship":"子女","leftBehindChild":true}
                """))
            #expect(answer.0 == 201, "\(answer.1)")
            let resident = answer.1["resident"] as? [String: Any] ?? [:]
            return Member(residentId: resident["residentId"] as? String ?? "", personId: resident["personId"] as? String ?? "", householdId: household.id)
        }
    }

    /// Applies for each member with an amount each (one-off, or monthly for `field`) and approves
    /// from `month` (by default the period's months in turn); the number approved.
    func apply(
        _ program: String, for members: [Member], amounts: [Int], field: String = "oneOffAmountFen", month: String? = nil
    ) async throws -> Int {
        let approved = try await concurrentMap(Array(members.enumerated())) { index, member in
            let amount = #","\#(field)":\#(amounts[index])"#
            let application = StackTests.json(await registration.request("POST", "v1/applications", token: "caseworker", body: """
                {"householdId":"\(member.householdId)","beneficiaryResidentId":"\(member.residentId)","program":"\(program)"\(amount)}
                """))
            #expect(application.0 == 201, "\(program): \(application.1)")
            try await decide(application.1["applicationId"] as? String ?? "",
                             #"{"action":"approve","effectiveMonth":"\#(month ?? months[index % 6])"}"#)
            return 1
        }
        return approved.reduce(0, +)
    }

    /// Waits until relief, through Kafka, holds every approval the runs will pay.
    func waitForEntitlements(_ expected: [String: Int]) async throws {
        try await within(.seconds(180), "relief holds the approvals") {
            for (program, count) in expected {
                while StackTests.json(await relief.request("GET", "v1/entitlements?month=\(period.until)&program=\(program)&pageSize=1", token: "finance"))
                    .1["total"] as? Int != count {
                    try await Task.sleep(for: .milliseconds(500))
                }
            }
        }
    }

    /// 467 claims of the period's last month from 100 persons: 466 of which 70 % is 4,760 yuan,
    /// and one of 11,840 yuan (its out-of-pocket cost rounds down to it): 2,230,000 yuan.
    func enterMedicalClaims(for persons: [Member]) async throws {
        let claims = (0..<467).map { ($0, $0 < 466 ? 680_000 : 1_691_429) }
        _ = try await concurrentMap(claims) { index, outOfPocket in
            let person = persons[index % persons.count]
            let claim = StackTests.json(await relief.request("POST", "v1/medical-claims", token: "finance", body: """
                {"claimId":"MC-\(index)","beneficiaryId":"\(person.personId)","householdId":"\(person.householdId)","serviceMonth":"\(period.until)","outOfPocketFen":\(outOfPocket)}
                """))
            #expect(claim.0 == 201 && claim.1["assistanceFen"] as? Int == (index < 466 ? 476_000 : 1_184_000), "\(claim.1)")
            return 0
        }
    }

    /// Drafts, approves (twice where the program asks) and releases a run.
    func pay(_ program: String, for month: String, expecting count: Int) async throws {
        let run = StackTests.json(await relief.request("POST", "v1/payroll-runs", token: "finance", body: #"{"program":"\#(program)","period":"\#(month)"}"#))
        #expect(run.0 == 201 && run.1["beneficiaryCount"] as? Int == count, "\(program) \(month): \(run.1)")
        let id = run.1["runId"] as? String ?? ""
        for approver in ["finance-approver", "approver2"].prefix(run.1["requiredApprovals"] as? Int ?? 1) {
            #expect(StackTests.json(await relief.request("POST", "v1/payroll-runs/\(id)/approval", token: approver)).0 == 200)
        }
        let released = StackTests.json(await relief.request("POST", "v1/payroll-runs/\(id)/release", token: "finance"))
        #expect(released.0 == 200, "\(program) \(month): \(released.1)")
    }

    /// Eight names reserved and one refused; one of them established; two changes to it.
    func filingsHalfYear() async throws -> HalfYearReport.Organizations {
        let today = BureauClock.system.today.description
        func file(_ body: String) async throws -> (id: String, organization: String) {
            let filing = StackTests.json(await organizations.request("POST", "v1/filings", token: "clerk", body: body))
            #expect(filing.0 == 201, "\(filing.1)")
            return (filing.1["filingId"] as? String ?? "", filing.1["organizationId"] as? String ?? "")
        }
        func decide(_ filing: String, approve: Bool) async throws {
            #expect(StackTests.json(await organizations.request("POST", "v1/filings/\(filing)/acceptance", token: "registrar")).0 == 200)
            let decided = approve
                ? StackTests.json(await organizations.request("POST", "v1/filings/\(filing)/approval", token: "registrar"))
                : StackTests.json(await organizations.request("POST", "v1/filings/\(filing)/rejection", token: "registrar", body: #"{"reason":"名称与已登记组织近似"}"#))
            #expect(decided.0 == 200, "\(decided.1)")
        }
        var reserved: [String] = []
        for (index, topic) in ["书法", "摄影", "围棋", "太极拳", "园艺", "合唱", "志愿服务", "读书", "象棋"].enumerated() {
            let filing = try await file("""
                {"kind":"name-reservation","details":{"name":"西湖区\(topic)协会","kind":"social-group","domicileAreaCode":"330106"},
                 "documents":[{"title":"名称预先核准申请表","receivedOn":"\(today)"}]}
                """)
            try await decide(filing.id, approve: index < 8)
            if index < 8 { reserved.append(filing.organization) }
        }
        let documents = ["成立登记申请书", "章程草案", "验资报告", "住所使用证明", "业务主管单位批准文件"]
            .map { #"{"title":"\#($0)","receivedOn":"\#(today)"}"# }.joined(separator: ",")
        let establishment = try await file("""
            {"kind":"establishment","organizationId":"\(reserved[0])","details":{"name":"西湖区书法协会","kind":"social-group","domicileAreaCode":"330106001",
             "legalRepresentative":"张建国","businessScope":"组织书法交流","startUpFundsFen":3000000,"supervisingUnit":"区文联"},"documents":[\(documents)]}
            """)
        try await decide(establishment.id, approve: true)
        for scope in ["组织书法交流与展览", "组织书法交流、展览与培训"] {
            let change = try await file("""
                {"kind":"change","organizationId":"\(reserved[0])","details":{"businessScope":"\(scope)"},
                 "documents":[{"title":"变更登记申请书","receivedOn":"\(today)"},{"title":"会员（代表）大会决议","receivedOn":"\(today)"}]}
                """)
            try await decide(change.id, approve: true)
        }
        return .init(approved: ["name-reservation": ["social-group": 8], "establishment": ["social-group": 1], "change": ["social-group": 2]],
                     submitted: 12)
    }

    /// Test alerts until the alert service knows every villager (they count nowhere), then one
    /// Severe typhoon alert a second officer approves; eight residents answer, three move into a shelter,
    /// which is supplied from the district store that also issues quilts.
    func typhoon(village: [Household]) async throws -> HalfYearReport.DisasterPrevention {
        let villagers = village.flatMap(\.members)
        @Sendable func rfc3339(_ instant: Date) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = BureauClock.timeZone
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssXXXXX"
            return formatter.string(from: instant)
        }
        @Sendable func cap(_ id: String, status: String, severity: String, sent: Date) -> String {
            """
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>\(id)</identifier><sender>duty@mca.xihu.gov.cn</sender>
            <sent>\(rfc3339(sent))</sent><status>\(status)</status><msgType>Alert</msgType><scope>Public</scope>
            <info><category>Met</category><event>台风</event><urgency>Expected</urgency><severity>\(severity)</severity><certainty>Likely</certainty>
            <headline>台风预警</headline><area><areaDesc>龙井村</areaDesc><geocode><valueName>CN-AREA</valueName><value>\(Self.ruralArea)</value></geocode></area></info>
            </alert>
            """
        }
        @Sendable func targeted(_ id: String) async throws -> Int {
            try await within(.seconds(30), "the dispatch of \(id) finishes") {
                while true {
                    let areas = StackTests.list(await alerts.request("GET", "v1/alerts/\(id)/areas", token: "duty"))
                    if areas.first?["dispatch"] as? String == "finished" { return areas.first?["targeted"] as? Int ?? 0 }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
        }
        try await within(.seconds(120), "the alert service knows every villager") {
            for attempt in 1... {
                let id = "probe-\(attempt)"
                let created = StackTests.json(await alerts.request(
                    "POST", "v1/alerts", token: "duty", body: cap(id, status: "Test", severity: "Minor", sent: Date()), contentType: "application/cap+xml"))
                #expect(created.0 == 201, "\(created.1)")
                if try await targeted(id) >= villagers.count { return }
                try await Task.sleep(for: .seconds(1))
            }
        }
        let (id, sent) = ("typhoon-\(period.from)", Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
        let held = StackTests.json(await alerts.request(
            "POST", "v1/alerts", token: "duty", body: cap(id, status: "Actual", severity: "Severe", sent: sent), contentType: "application/cap+xml"))
        #expect(held.0 == 201, "\(held.1)")
        #expect(StackTests.json(await alerts.request("POST", "v1/alerts/\(id)/approval", token: "duty2")).0 == 200)
        let reached = try await targeted(id)
        let notified = StackTests.list(await alerts.request("GET", "v1/alerts/\(id)/areas", token: "duty")).first?["notified"] as? Int ?? 0
        #expect(reached >= villagers.count && notified == reached, "every villager notified")

        var firstAnswers: [Int] = []
        for (index, response) in (Array(repeating: "safe", count: 5) + ["received", "received", "needs-help"]).enumerated() {
            let answer = StackTests.json(await alerts.request(
                "POST", "v1/alerts/\(id)/acknowledgements", token: "gateway", body: #"{"recipientId":"\#(villagers[index].personId)","response":"\#(response)"}"#))
            #expect(answer.0 == 201, "\(answer.1)")
            let received = (answer.1["receivedAt"] as? String).flatMap(Self.instant) ?? .distantFuture
            firstAnswers.append(Int(received.timeIntervalSince(sent) / 60))
        }
        let shelter = StackTests.json(await alerts.request("POST", "v1/shelters", token: "duty", body: """
            {"shelterId":"SH-LJ-1","name":"龙井村文化礼堂","areaCode":"\(Self.ruralArea)","capacity":120,"location":{"latitude":30.22,"longitude":120.12}}
            """))
        #expect(shelter.0 == 201, "\(shelter.1)")
        for member in villagers[10..<13] {
            let checkIn = StackTests.json(await alerts.request("POST", "v1/shelters/SH-LJ-1/check-ins", token: "duty", body: #"{"personId":"\#(member.personId)"}"#))
            #expect(checkIn.0 == 201, "\(checkIn.1)")
        }
        // Relief materials: received into the district store, issued to households, supplied to the shelter.
        for (path, body) in [
            ("v1/stores", #"{"storeId":"WH-HY","name":"区救灾物资仓库","kind":"district","areaCode":"330106"}"#),
            ("v1/stores/WH-HY/receipts", #"{"item":"quilt","quantity":300,"batchId":"B-Q1"}"#),
            ("v1/stores/WH-HY/receipts", #"{"item":"drinking-water","quantity":100,"batchId":"B-W1"}"#),
            ("v1/stores/WH-HY/issues", #"{"items":[{"item":"quilt","quantity":30}],"alertId":"\#(id)","note":"发放给受灾户"}"#),
            ("v1/shelters/SH-LJ-1/supplies",
             #"{"fromStoreId":"WH-HY","items":[{"item":"quilt","quantity":50},{"item":"drinking-water","quantity":20}],"alertId":"\#(id)"}"#),
        ] {
            let answer = StackTests.json(await alerts.request("POST", path, token: "duty", body: body))
            #expect(answer.0 == 201, "\(path): \(answer.1)")
        }
        return .init(
            alerts: [.init(event: "台风", severity: "Severe", count: 1)], updates: 0, cancellations: 0,
            targeted: reached, notified: notified, acknowledged: 8,
            responses: ["safe": 5, "received": 2, "needs-help": 1], medianMinutesToAcknowledge: firstAnswers.sorted()[4], needsHelp: 1,
            smsSent: 0, smsDelivered: 0, sheltersOpened: 1, peopleSheltered: 3,
            stock: [.init(item: "drinking-water", name: "瓶装饮用水", unit: "箱", received: 100, issued: 0, suppliedToShelters: 20),
                    .init(item: "quilt", name: "棉被", unit: "床", received: 300, issued: 30, suppliedToShelters: 50)])
    }

    /// An RFC 3339 instant, with or without fractions of a second.
    static func instant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// `body` over `items`, four at a time (as a few caseworkers at once), results in order.
    func concurrentMap<Item: Sendable, Result: Sendable>(
        _ items: [Item], _ body: @escaping @Sendable (Item) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: items.count)
            var next = 0
            func start() {
                guard next < items.count else { return }
                let (index, item) = (next, items[next])
                group.addTask { (index, try await body(item)) }
                next += 1
            }
            for _ in 0..<4 { start() }
            while let (index, result) = try await group.next() {
                results[index] = result
                start()
            }
            return results.compactMap { $0 }
        }
    }
}
