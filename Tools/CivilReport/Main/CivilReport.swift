import ArgumentParser
import CivilDomain
import Foundation
import Kafka
import Logging
import Report

/// The half-year work report, rebuilt from the topics alone: reads every analytics-safe and
/// public topic into its own SQLite store, then writes the report for the period.
@main
struct CivilReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civil-report",
        abstract: "Write the bureau's half-year work report from the Kafka topics alone.",
        discussion: """
            Reads the analytics-safe and public topics (never the restricted ones, never a service's \
            database) from where its store left off to the end they had when it started, showing progress \
            on standard error; then writes report.html, report.md, report.json and csv/*.csv to --out.
            """)

    @Option(help: "Kafka bootstrap servers (host:port[,host:port...]); default $KAFKA_BOOTSTRAP.")
    var bootstrapServers: String?

    @Option(help: "librdkafka properties (key=value,...), e.g. security.protocol=SASL_SSL for the bureau's cluster.")
    var kafkaProperties: String?

    @Option(help: "First month of the period, YYYY-MM; with --until. Default: this half-year (Asia/Shanghai).")
    var from: String?

    @Option(help: "Last month of the period, YYYY-MM.")
    var until: String?

    @Option(help: "The report's own store of the topics (SQLite).")
    var store = "civil-report.sqlite"

    @Flag(help: "Delete the store and read every topic from the beginning again.")
    var rebuild = false

    @Option(help: "Folder the report is written to.")
    var out = "report"

    @Option(help: "Give up reading after this many seconds.")
    var timeout = 600

    func run() async throws {
        var period = ReportPeriod.halfYear(holding: BureauClock.system.today)
        if from != nil || until != nil {
            guard let first = from.flatMap(Month.init), let last = until.flatMap(Month.init) else {
                throw ValidationError("--from and --until are given together, as months YYYY-MM")
            }
            do {
                period = try ReportPeriod(from: first, until: last)
            } catch {
                throw ValidationError(error.description)
            }
        }
        guard (1...86_400).contains(timeout) else { throw ValidationError("--timeout is 1 to 86400 seconds") }
        guard let servers = bootstrapServers ?? ProcessInfo.processInfo.environment["KAFKA_BOOTSTRAP"], !servers.isEmpty else {
            throw ValidationError("--bootstrap-servers or KAFKA_BOOTSTRAP names the cluster")
        }
        guard let properties = KafkaClientConfiguration.properties(parsing: kafkaProperties ?? "") else {
            throw ValidationError("--kafka-properties expects key=value pairs separated by commas")
        }
        var logger = Logger(label: "civil-report")
        logger.logLevel = .error
        let store = try await ReportStore.open(at: store, rebuild: rebuild, logger: logger)
        do {
            let reader = TopicReader(
                client: KafkaClientConfiguration(bootstrapServers: servers, properties: properties), store: store, logger: logger)
            let reading = try await reader.read(within: .seconds(timeout)) { progress in
                let read = progress.reduce(Int64(0)) { $0 + $1.read }
                let left = progress.reduce(Int64(0)) { $0 + $1.left }
                let busy = progress.filter { $0.left > 0 }.map { "\($0.topic) \($0.read) read, \($0.left) left" }
                FileHandle.standardError.write(Data("reading: \(read) records, \(left) left\(busy.isEmpty ? "" : " (" + busy.joined(separator: "; ") + ")")\n".utf8))
            }
            for topic in reading.missing {
                FileHandle.standardError.write(Data("warning: the cluster has no topic \(topic); its figures are empty\n".utf8))
            }
            let report = try await HalfYearReport.compute(for: period, from: store)
            let folder = URL(fileURLWithPath: out)
            try ReportFiles.write(report, to: folder)
            try await store.close()
            print(folder.appendingPathComponent("report.html").path)
        } catch {
            try? await store.close()
            throw error
        }
    }
}
