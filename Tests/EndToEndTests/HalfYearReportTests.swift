import Foundation
import Kafka
import KafkaTestSupport
@testable import Report
import Testing

/// The analysts' promise: the public topics are enough. A half-year is driven through the four
/// services on the embedded broker, then `civil-report`, given nothing but the bootstrap
/// servers, must write the bureau's figures exactly, as HTML a browser renders with its charts,
/// as Markdown and as CSV.
@Suite("The half-year report from the topics alone", .serialized)
struct HalfYearReportTests {
    @Test("a half-year through four services; civil-report's figures equal the scenario's", .timeLimit(.minutes(20)))
    func halfYearReport() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let period = HalfYearScenario.currentHalfYear
        let stack = try StackTests.launchStack(
            on: broker,
            extraTokens: [
                "registrar staff-0102 organizations registrar organizations", "approver2 staff-0008 relief approver relief",
                "duty2 staff-0202 alerts duty-officer alerts", "gateway gw-sms alerts notification-gateway alerts",
            ],
            registrationSettings: [
                "DIBAO_URBAN_STANDARD_FEN": "\(HalfYearScenario.urbanStandardFen)", "DIBAO_RURAL_STANDARD_FEN": "\(HalfYearScenario.ruralStandardFen)",
            ],
            reliefSettings: ["PROGRAMS_FILE": try HalfYearScenario.programsFile(for: period).path])
        let all = [stack.registration, stack.relief, stack.organizations, stack.alerts]
        defer { for service in all { kill(service.process.processIdentifier, SIGKILL) } }
        for service in all { try await service.waitUntilReady() }

        let expected = try await HalfYearScenario(
            registration: stack.registration, relief: stack.relief, organizations: stack.organizations, alerts: stack.alerts,
            period: period
        ).run()

        // The report reads what the topics hold when it starts; the services' outboxes may still
        // be publishing the last payments, so it runs again (reading only what is new) until they are in.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("half-year-\(UUID().uuidString)")
        var report: HalfYearReport?
        var progress = ""
        for attempt in 1...8 {
            progress = try Self.civilReport([
                "--bootstrap-servers", broker.bootstrapServers, "--from", "\(period.from)", "--until", "\(period.until)",
                "--store", folder.appendingPathComponent("store.sqlite").path, "--out", folder.path,
            ])
            report = try JSONDecoder().decode(HalfYearReport.self, from: Data(contentsOf: folder.appendingPathComponent("report.json")))
            report?.recordsPerTopic = [:]
            if report == expected || attempt == 8 { break }
            try await Task.sleep(for: .seconds(3))
        }
        let figures = try #require(report)
        #expect(progress.contains("reading:") && progress.contains("left"), "progress is shown while reading: \(progress)")
        #expect(figures.socialAssistance.dibao == expected.socialAssistance.dibao)
        #expect(figures.socialAssistance == expected.socialAssistance)
        #expect(figures.elderlyCare == expected.elderlyCare)
        #expect(figures.organizations == expected.organizations)
        #expect(figures.disasterPrevention == expected.disasterPrevention)
        #expect(figures.programNames == expected.programNames)

        // The same figures in the analysts' other forms.
        let markdown = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        for text in ["## 一、社会救助", "| 期末在册户数 | 1300 |", "| 期末在册人数 | 2308 |", "| 临时救助 | 247 | 247 | 698,000.00 |",
                     "| 急难型临时救助 | 6 | 6 | 78,000.00 |", "| 医疗救助 | 467 | 100 | 2,230,000.00 |", "| 140 | 1,060.00 |",
                     "| 六一儿童节慰问金 | 110 | 1,000.00 | 110,000.00 |", "## 二、养老服务", "## 三、社会组织", "| 名称预先核准 | 8 |",
                     "## 四、防灾减灾", "| 台风 | 严重 | 1 |", "| 棉被 | 床 | 300 | 30 | 50 |", "主题上无此数据"] {
            #expect(markdown.contains(text), "report.md has \(text)")
        }
        let csv = try Data(contentsOf: folder.appendingPathComponent("csv/assistance.csv"))
        let rows = String(decoding: csv.dropFirst(3), as: UTF8.self)
        #expect(csv.prefix(3) == Data([0xEF, 0xBB, 0xBF]), "a byte-order mark, so spreadsheets read the headings")
        #expect(rows.hasPrefix("项目,人次,户数,金额（元）") && rows.contains("医疗救助,467,100,\"2,230,000.00\""), "\(rows)")

        // The HTML, looked at in a browser: it renders, with its sections and charts.
        let python = ConsoleBrowserTests.python
        try #require(FileManager.default.isExecutableFile(atPath: python.path), "run `make browser` first")
        let transcript = try ConsoleBrowserTests.run("report.py", screenshots: "report-screenshots", environment: [
            "REPORT_HTML": folder.appendingPathComponent("report.html").path,
        ])
        #expect(transcript.contains("all report checks passed"))
    }

    /// Runs `civil-report` as an analyst would and returns what it printed on standard error.
    static func civilReport(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = ServiceProcess.executable("civil-report")
        process.arguments = arguments
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"]
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("civil-report-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "\(output)")
        return output
    }
}
