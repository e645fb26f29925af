import Alerts
import Contracts
import Foundation
import Kafka
import Logging
import ServiceKit
import ServiceLifecycle
import SQLKit
import Synchronization

// One city-wide alert to 1,000,000 registered residents over 300 communities, fanned out by 1
// and then by 2 dispatch worker processes (this executable started again with `worker`),
// against one embedded broker in this process. Prints, per worker count: time from the alert
// accepted to the last notification on the broker, notifications/s, the workers' CPU-seconds
// per 100,000 notifications, and the latency from acceptance to the first notification (the
// earliest create time of the records read back from the topic's partitions). Each run also
// produces the same number of records of the same shape (value, headers, keys, partitions) to the
// same broker with a plain C loop over librdkafka, once before the workers and once after, and
// prints the workers' rate as a ratio of the two's mean.
// Never part of `make test`.
//
// ALERTS_BENCH_RESIDENTS (default 1000000), ALERTS_BENCH_WORKERS (default "1,2"),
// ALERTS_BENCH_BATCH (recipients per dispatch batch, default 2000), ALERTS_BENCH_CONCURRENCY (areas a
// worker dispatches at once, default the worker's), ALERTS_BENCH_LINGER_MS (the workers' producer
// linger.ms, default alerts-service's 1), ALERTS_BENCH_FETCH_WAIT_MS
// (the workers' fetch.wait.max.ms, default 10: see the worker's configuration).

let logger: Logger = {
    var logger = Logger(label: "alerts-bench")
    logger.logLevel = .error
    return logger
}()

/// CPU seconds (user and system) this process has used.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// A line for the coordinating process, written at once (stdout is a pipe, so print buffers).
func report(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let environment = ProcessInfo.processInfo.environment
let batchSize = Int(environment["ALERTS_BENCH_BATCH"] ?? "") ?? 2000
let concurrency = Int(environment["ALERTS_BENCH_CONCURRENCY"] ?? "") ?? DispatchWorker.Configuration().concurrency
let arguments = CommandLine.arguments

if arguments.count == 5, arguments[1] == "worker" {
    // A dispatch worker process: reports its assignment and CPU time, runs until SIGTERM.
    let client = KafkaClientConfiguration(
        bootstrapServers: arguments[2], clientID: "bench-worker", statisticsInterval: nil, properties: ["log_level": "3"])
    var consumerConfiguration = KafkaConsumerConfiguration(
        client: client, groupID: DispatchWorker.consumerGroup, topics: [TopicCatalog.dispatch.name])
    consumerConfiguration.client.properties["session.timeout.ms"] = "6000"
    consumerConfiguration.client.properties["heartbeat.interval.ms"] = "500"
    // The embedded broker holds a fetch that found nothing for all of fetch.wait.max.ms, even
    // when a record arrives meanwhile; Kafka answers at once. 10 ms makes it answer like Kafka.
    consumerConfiguration.client.properties["fetch.wait.max.ms"] = environment["ALERTS_BENCH_FETCH_WAIT_MS"] ?? "10"
    let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
    var producerConfiguration = DispatchWorker.producerConfiguration(client: client)
    if let linger = Int(environment["ALERTS_BENCH_LINGER_MS"] ?? "") { producerConfiguration.linger = .milliseconds(linger) }
    let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
    let database = try await ServiceDatabase(.sqlite(path: arguments[3]), logger: logger)
    let areas = try AlertAreas(contentsOf: URL(fileURLWithPath: arguments[4]))
    let worker = DispatchWorker(
        consumer: consumer, producer: producer, database: database, areas: areas,
        configuration: .init(batchSize: batchSize, concurrency: concurrency), logger: logger)
    let reporting = Task {
        for await _ in consumer.rebalances {
            report("assigned \(consumer.assignment.count) cpu \(cpuSeconds())")
        }
    }
    try await ServiceGroup(
        configuration: .init(services: [producer, consumer, worker], gracefulShutdownSignals: [.sigterm], logger: logger)
    ).run()
    reporting.cancel()
    try await database.close()
    report("stopped cpu \(cpuSeconds())")
    exit(0)
}

let residents = Int(environment["ALERTS_BENCH_RESIDENTS"] ?? "") ?? 1_000_000
let workerCounts = (environment["ALERTS_BENCH_WORKERS"] ?? "1,2").split(separator: ",").compactMap { Int($0) }
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alerts-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let databasePath = folder.appendingPathComponent("alerts.sqlite").path
let areasPath = folder.appendingPathComponent("areas.json").path

// 30 streets of 10 communities, each with one officer.
var areaList: [[String: Any]] = [["code": "330106", "name": "西湖区"]]
var communities: [String] = []
for street in 1...30 {
    let streetCode = "330106" + String(format: "%03d", street)
    areaList.append(["code": streetCode, "name": "街道\(street)", "parent": "330106"])
    for community in 1...10 {
        let code = streetCode + String(format: "%03d", community)
        communities.append(code)
        areaList.append([
            "code": code, "name": "社区\(street)-\(community)", "parent": streetCode,
            "centroid": ["latitude": 30.2 + Double(street) * 0.005, "longitude": 120.0 + Double(community) * 0.005],
            "officers": [["staffId": "officer-\(code)", "phone": "139\(String(format: "%08d", street * 100 + community))"]],
        ])
    }
}
try JSONSerialization.data(withJSONObject: areaList).write(to: URL(fileURLWithPath: areasPath))
let areas = try AlertAreas(contentsOf: URL(fileURLWithPath: areasPath))

let database = try await ServiceDatabase(.sqlite(path: databasePath), logger: logger)
try await database.migrate(AlertsService.migrations)
print("seeding \(residents) residents over \(communities.count) communities…")
let seeded = Date()
let now = Date()
for start in stride(from: 0, to: residents, by: 50_000) {
    let rows: [[any Encodable & Sendable]] = (start..<min(start + 50_000, residents)).map { n in
        let vulnerable = n % 7 == 0
        return [
            "p_" + String(format: "%032x", n), "H-\(n / 3)", communities[n % communities.count], vulnerable ? 0 : 1,
            vulnerable ? "aged-80-plus,living-alone" : "", n % 10 == 0 ? nil : "13\(String(format: "%09d", n))", now,
        ] as [any Encodable & Sendable]
    }
    try await database.transaction { database in
        _ = try await database.insertRows(
            into: "alert_residents",
            columns: ["person_id", "household_id", "area_code", "priority", "vulnerabilities", "phone", "updated_at"], rows: rows)
    }
}
print("seeded in \(String(format: "%.1f", Date().timeIntervalSince(seeded))) s")
let expected = residents + communities.count
let desk = AlertDesk(database: database, areas: areas)
let duty = StaffIdentity(staffID: "staff-0201", department: "alerts", roles: ["duty-officer"])
let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL

/// What a worker process last reported.
final class WorkerReports: Sendable {
    let state = Mutex<(assigned: Int, cpu: Double, stoppedCPU: Double?)>((0, 0, nil))

    func withLock<T: Sendable>(_ body: (inout (assigned: Int, cpu: Double, stoppedCPU: Double?)) -> T) -> T {
        state.withLock { body(&$0) }
    }
}

/// A worker process.
final class WorkerProcess: @unchecked Sendable {
    let process: Process
    let reports = WorkerReports()

    init(bootstrap: String) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = ["worker", bootstrap, databasePath, areasPath]
        let output = Pipe()
        process.standardOutput = output
        let reports = self.reports
        output.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard words.count == 4 || words.count == 3 else { continue }
                reports.withLock { report in
                    if words[0] == "assigned", let count = Int(words[1]), let cpu = Double(words[3]) {
                        report.assigned = count
                        report.cpu = cpu
                    } else if words[0] == "stopped", let cpu = Double(words[2]) {
                        report.stoppedCPU = cpu
                    }
                }
            }
        }
        try process.run()
    }
}

for workers in workerCounts {
    let broker = try EmbeddedKafkaBroker(brokers: 1, logger: logger)
    try broker.createCatalogTopics(TopicCatalog.written(by: .alerts))
    let client = KafkaClientConfiguration(
        bootstrapServers: broker.bootstrapServers, clientID: "alerts-bench", statisticsInterval: nil, properties: ["log_level": "3"])
    let baselineTopic = "bench.baseline.notification"
    try broker.createTopic(baselineTopic, partitions: TopicCatalog.notification.partitions)
    guard let baselineBefore = cBaselineRecordsPerSecond(bootstrap: broker.bootstrapServers, topic: baselineTopic, count: expected) else {
        fatalError("the C baseline failed")
    }
    let processes = try (0..<workers).map { _ in try WorkerProcess(bootstrap: broker.bootstrapServers) }
    // Wait for the group to settle: every partition assigned, each worker with a share.
    let settleDeadline = Date().addingTimeInterval(60)
    while Date() < settleDeadline {
        let assigned = processes.map { $0.reports.withLock { $0.assigned } }
        if assigned.reduce(0, +) == TopicCatalog.dispatch.partitions, assigned.allSatisfy({ $0 > 0 }) { break }
        try await Task.sleep(for: .milliseconds(100))
    }
    try await Task.sleep(for: .seconds(1))
    let cpuAtStart = processes.map { $0.reports.withLock { $0.cpu } }

    // The service's producer and relay, as alerts-service runs them (ServiceBuilder), so that
    // the first notification is timed as the service would send it.
    let producer = try KafkaProducer(
        configuration: KafkaProducerConfiguration(client: client, linger: AlertsService.outboxLinger), logger: logger)
    let relay = OutboxRelay(database: database, producer: producer, logger: logger)
    let relaying = Task { try await relay.run() }
    /// The earliest create time of `topic`'s records: the earliest of each partition's first
    /// record (records are in order within a partition only), reading at most `count` records.
    func earliest(on topic: TopicSpec, among count: Int) throws -> (KafkaConsumer, Task<Date?, any Error>) {
        let reader = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: client, groupID: "bench-reader-\(UUID())", topics: [topic.name]),
            logger: logger)
        return (reader, Task { () -> Date? in
            var firstOfPartition: [Int32: Date] = [:]
            var read = 0
            for try await message in reader.messages {
                if firstOfPartition[message.partition] == nil, let time = message.timestamp { firstOfPartition[message.partition] = time }
                read += 1
                if firstOfPartition.count == topic.partitions || read == count { break }
            }
            return firstOfPartition.values.min()
        })
    }
    let (reader, firstRead) = try earliest(on: TopicCatalog.notification, among: expected)
    let (dispatchReader, firstDispatch) = try earliest(on: TopicCatalog.dispatch, among: communities.count)
    // The readers must hold their partitions before the alert: the embedded broker keeps only
    // each partition's newest records, so a reader that joins late finds the first ones gone.
    while reader.assignment.count < TopicCatalog.notification.partitions || dispatchReader.assignment.count < TopicCatalog.dispatch.partitions {
        try await Task.sleep(for: .milliseconds(20))
    }

    let alertId = "city-wide-\(workers)"
    let cap = CAPAlert(
        identifier: alertId, sender: "duty@mca.xihu.gov.cn", sent: CAPTime.format(Date()), status: "Actual", msgType: "Alert",
        scope: "Public", info: [CAPAlert.Info(
            category: ["Met"], event: "台风", urgency: "Immediate", severity: "Moderate", certainty: "Likely",
            headline: "台风预警：请做好防台准备", area: [CAPAlert.Area(areaDesc: "西湖区", geocode: [.init(valueName: "CN-AREA", value: "330106")])])])
    let accepted = Date()
    let brokerCPUAtStart = cpuSeconds()
    _ = try await desk.submit(cap, by: duty)
    var finished = Date()
    while true {
        let progress = try await database.withConnection { try await DispatchProgress.all(alertId: alertId, in: $0) }
        if progress.count == communities.count, progress.allSatisfy({ $0.state == .finished }) {
            finished = progress.map(\.updatedAt).max() ?? Date()
            let notified = progress.reduce(0) { $0 + $1.notified }
            precondition(notified == expected, "notified \(notified) of \(expected)")
            break
        }
        try await Task.sleep(for: .milliseconds(20))
    }
    // This process's CPU while the workers ran: mostly the embedded broker taking their records.
    let brokerCPU = cpuSeconds() - brokerCPUAtStart
    let first = try await firstRead.value
    let dispatched = try await firstDispatch.value
    await dispatchReader.shutdown()
    for process in processes { process.process.terminate() }
    for process in processes { process.process.waitUntilExit() }
    try await Task.sleep(for: .milliseconds(200))
    let cpu = zip(processes, cpuAtStart).reduce(0.0) { total, pair in
        total + (pair.0.reports.withLock { $0.stoppedCPU } ?? pair.1) - pair.1
    }
    relaying.cancel()
    _ = await relaying.result
    await reader.shutdown()
    await producer.shutdown()

    // Again after the workers: on a shared machine the baseline alone varied from 280,000 to
    // 740,000 records/s between runs minutes apart; the mean of one run on either side of the
    // workers is the machine as the workers found it.
    guard let baselineAfter = cBaselineRecordsPerSecond(bootstrap: broker.bootstrapServers, topic: baselineTopic, count: expected) else {
        fatalError("the C baseline failed")
    }
    let baseline = (baselineBefore + baselineAfter) / 2

    let seconds = finished.timeIntervalSince(accepted)
    let rate = Double(expected) / seconds
    print(String(format: "%d worker process%@: %d notifications in %.2f s = %.0f notifications/s; %.2f CPU-s per 100,000; first notification produced %.0f ms after acceptance (first dispatch record %.0f ms)",
                 workers, workers == 1 ? "" : "es", expected, seconds, rate, cpu / Double(expected) * 100_000,
                 (first.map { $0.timeIntervalSince(accepted) } ?? .nan) * 1000,
                 (dispatched.map { $0.timeIntervalSince(accepted) } ?? .nan) * 1000))
    print(String(format: "  C baseline (same records, headers, keys, partitions, broker): %.0f records/s (%.0f before the workers, %.0f after); %d worker%@ = %.2f x baseline (%.2f x per worker); %.1f CPU-µs per notification (the broker's process %.1f more)",
                 baseline, baselineBefore, baselineAfter, workers, workers == 1 ? "" : "s", rate / baseline, rate / baseline / Double(workers), cpu / Double(expected) * 1e6,
                 brokerCPU / Double(expected) * 1e6))
}
try await database.close()
try? FileManager.default.removeItem(at: folder)
