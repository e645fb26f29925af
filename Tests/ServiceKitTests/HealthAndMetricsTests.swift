import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kafka
import KafkaTestSupport
import ServiceKit
import Synchronization
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Readiness, metrics and graceful shutdown", .serialized)
struct HealthAndMetricsTests {
    @Test("readiness is 503 while every broker is down and 200 again when they return", .timeLimit(.minutes(2)))
    func readinessFollowsTheBroker() async throws {
        let cluster = try KafkaTestCluster(partitions: 1)
        let admin = try KafkaAdmin(client: cluster.client, logger: quietLogger)
        let readiness = Readiness(checks: [.kafka(admin, topic: cluster.topic)], interval: .milliseconds(300))
        let running = Task { try await readiness.run() }
        let database = try await TestDatabase.sqlite.open(migrations: [NotesTestService.migration])
        let app = Application(router: NotesTestService.router(database: database, readiness: readiness))
        try await app.test(.router) { client in
            func status() async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/health/ready", method: .get) { $0.status }
            }
            try await waitUntil("ready", limit: .seconds(20)) { readiness.report.ready }
            #expect(try await status() == .ok)
            try cluster.broker.takeDownAll()
            try await waitUntil("not ready", limit: .seconds(30)) { !readiness.report.ready }
            #expect(try await status() == .serviceUnavailable)
            #expect(readiness.report.checks["kafka"] != "ok")
            try cluster.broker.bringUpAll()
            try await waitUntil("ready again", limit: .seconds(30)) { readiness.report.ready }
            #expect(try await status() == .ok)
        }
        running.cancel()
        await admin.shutdown()
        try await database.close()
    }

    @Test("a SIGTERM during a burst of requests: every 2xx has its effect stored, and the service stops cleanly",
          .timeLimit(.minutes(2)))
    func sigtermDuringBurst() async throws {
        let database = try await TestDatabase.sqlite.open(migrations: [NotesTestService.migration])
        let readiness = Readiness(checks: [.database(database)], interval: .milliseconds(100), drainDelay: .milliseconds(300))
        let router = NotesTestService.router(database: database, readiness: readiness)
        let port = PortBox()
        let host = ServiceHost(host: "127.0.0.1", port: 0, grace: .seconds(10), signals: [.sigterm])
        let serving = Task {
            try await host.run(name: "notes", router: router, readiness: readiness, services: [], logger: quietLogger) {
                port.set($0)
            }
        }
        try await waitUntil("listening") { port.value != nil }
        try await waitUntil("ready") { readiness.report.ready }
        let url = URL(string: "http://127.0.0.1:\(port.value!)/v1/notes")!

        let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<300 {
                group.addTask {
                    if index == 100 { kill(getpid(), SIGTERM) }
                    var request = URLRequest(url: url)
                    request.httpMethod = "POST"
                    request.setValue("Bearer caseworker-token", forHTTPHeaderField: "Authorization")
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    request.httpBody = Data(#"{"text":"note \#(index)"}"#.utf8)
                    guard let (_, response) = try? await URLSession.shared.data(for: request) else { return false }
                    return (response as? HTTPURLResponse).map { (200..<300).contains($0.statusCode) } ?? false
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        try await serving.value  // returns without error: the process would exit 0
        #expect(readiness.report.shuttingDown)
        #expect(accepted > 0)
        print("sigterm burst: \(accepted) of 300 requests accepted before the server stopped")
        #expect(try await NotesTestService.count(database) == accepted, "a 2xx without its effect, or an effect without a 2xx")
        try await database.close()
    }

    @Test("/metrics is Prometheus text with the HTTP, Kafka, outbox and dead-letter series", .timeLimit(.minutes(2)))
    func metricsEndpoint() async throws {
        _ = testMetrics
        let fixture = try await BackboneFixture(.sqlite, migrations: [NotesTestService.migration])
        // One outbox round, one dead letter, one failed delivery, so that each series exists.
        try await fixture.database.transaction { try await Outbox.append(ShelterStatusFixture.event, in: $0) }
        let producer = try fixture.cluster.producer()
        let relaying = fixture.startRelay(producer)
        try await fixture.waitForEmptyOutbox()
        await relaying.stop()
        try await DeadLetterPublisher(producer: producer, consumer: "metrics-test").publish(
            KafkaConsumerMessage(topic: fixture.topic, partition: 0, offset: 0, key: nil, value: Data("x".utf8), headers: []),
            error: "test")
        let doomed = try fixture.cluster.producer { $0.deliveryTimeout = .milliseconds(200) }
        try fixture.cluster.broker.takeDownAll()
        _ = try? await doomed.send(KafkaProducerMessage(topic: fixture.topic, key: "k", value: Data()))
        await doomed.shutdown()
        try fixture.cluster.broker.bringUpAll()
        await producer.shutdown()

        let readiness = Readiness(checks: [])
        let app = Application(router: NotesTestService.router(database: fixture.database, readiness: readiness))
        let text = try await app.test(.router) { client in
            try await client.execute(uri: "/health/live", method: .get) { #expect($0.status == .ok) }
            return try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                return String(buffer: response.body)
            }
        }
        let sample = #"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? -?[0-9.eE+-]+|NaN|[+-]Inf$"#
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.range(of: sample, options: .regularExpression) != nil, "not Prometheus text: \(line)")
        }
        for series in [
            "hb_requests", "http_server_request_duration", "outbox_backlog_events", "outbox_published_events_total",
            "dead_letters_total{topic=\"\(fixture.topic)\"}", "kafka_producer_delivery_errors_total",
        ] {
            #expect(text.contains(series), "missing \(series)")
        }
        try await fixture.close()
    }
}

final class PortBox: Sendable {
    private let stored = Mutex<Int?>(nil)
    var value: Int? { stored.withLock { $0 } }
    func set(_ port: Int) { stored.withLock { $0 = port } }
}
