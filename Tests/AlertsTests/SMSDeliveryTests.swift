@testable import Alerts
import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import ServiceKit
import SQLKit
import Testing

/// SMS through a real Kannel (bearerbox, smsbox, and fakesmsc as the carrier) from the alerts
/// service as a process: every message once, with its text, and a delivery report for each,
/// through a SIGKILL of the sender and a gateway that goes away for a while.
@Suite("SMS through Kannel", .serialized, .enabled(if: KannelStack.isInstalled, "kannel and kannel-extras are not installed"))
struct SMSDeliveryTests {
    static func notifications(alert: String, count: Int, from first: Int = 0) -> [(event: NotificationRequested, id: String)] {
        (first..<(first + count)).map { index in
            let notification = NotificationRequested(
                notificationId: NotificationID.make(alertId: alert, recipientId: String(format: "p_%032x", index), channel: .sms),
                alertId: alert, recipientId: String(format: "p_%032x", index), recipientRole: .resident, channel: .sms,
                address: String(format: "138%08d", index), priority: index % 5 == 0 ? 0 : 1,
                text: "【西湖区民政局】台风“海葵”预计今夜登陆，请留在室内，需要帮助请回复1。编号\(index)", exercise: false, requestedAt: Date())
            return (notification, notification.notificationId)
        }
    }

    static func publish(_ events: [(event: NotificationRequested, id: String)], to broker: EmbeddedKafkaBroker) async throws {
        let scratch = try await TestDatabase.sqlite.open(migrations: [Outbox.migration])
        try await scratch.transaction { try await Outbox.append(contentsOf: events, in: $0) }
        try await publishOutbox(of: scratch, to: broker)
        try await scratch.close()
    }

    /// alerts-service's settings for sending through `kannel`, with a data folder and a port of its own.
    static func sender(on broker: EmbeddedKafkaBroker, kannel: KannelStack) throws -> (URL, Int, [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let port = try ServiceProcess.freePort()
        return (folder, port, [
            "KAFKA_BOOTSTRAP": broker.bootstrapServers, "DATABASE_URL": folder.appendingPathComponent("alerts.sqlite").path,
            "AREAS_FILE": ComposeRoot.url.appendingPathComponent("Services/Alerts/demo/areas.json").path,
            "STOCK_CATALOG_FILE": ComposeRoot.url.appendingPathComponent("Services/Alerts/demo/relief-materials.json").path,
            "AUTH_TOKENS": "\(TokenDirectory.hash(ofToken: "duty")) staff-0201 alerts duty-officer alerts",
            "SMS_GATEWAY": kannel.sendsmsURL, "SMS_USERNAME": kannel.username, "SMS_PASSWORD": kannel.password,
            "SMS_CALLBACK_BASE": "http://127.0.0.1:\(port)", "SMS_CALLBACK_KEY": "kannel-callback-key-for-tests",
            "SMS_CONFIRM_WAIT": "8", "SHUTDOWN_GRACE": "10",
        ])
    }

    /// Not a check: the rate this machine reaches, printed. Run with
    /// `SMS_BENCHMARK=5000 swift test --filter SMSDeliveryTests/throughput`.
    @Test("messages a second through Kannel to the fake SMSC, rate unlimited",
          .enabled(if: ProcessInfo.processInfo.environment["SMS_BENCHMARK"] != nil, "set SMS_BENCHMARK=<messages>"))
    func throughput() async throws {
        let count = Int(ProcessInfo.processInfo.environment["SMS_BENCHMARK"] ?? "") ?? 5000
        let kannel = try KannelStack()
        try kannel.start()
        defer { kannel.stop() }
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let (_, port, environment) = try Self.sender(on: broker, kannel: kannel)
        try await Self.publish(Self.notifications(alert: "typhoon-bench", count: count), to: broker)
        let service = try ServiceProcess.launch("alerts-service", environment: environment, port: port)
        try await service.waitUntilReady()
        try await waitUntil("the first message", limit: .seconds(60)) { !kannel.received().isEmpty }
        let first = ContinuousClock.now, before = kannel.received().count
        try await waitUntil("\(count) messages", limit: .seconds(600)) { kannel.received().count >= count }
        let elapsed = ContinuousClock.now - first
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        Self.say(String(format: "SMS benchmark: %d messages through Kannel to fakesmsc in %.2f s: %.0f messages/s (sms.concurrency 16, rate unlimited)",
                        count - before, seconds, Double(count - before) / seconds))
        kill(service.process.processIdentifier, SIGKILL)
        broker.shutdown()
    }

    @Test("1,000 messages reach the carrier once each with their text and are reported delivered; a SIGKILL halfway sends none twice; a gateway away for a while delays messages and loses none",
          .timeLimit(.minutes(5)))
    func throughKannel() async throws {
        let kannel = try KannelStack()
        try kannel.start()
        defer { kannel.stop() }
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let (folder, port, environment) = try Self.sender(on: broker, kannel: kannel)
        let messages = Self.notifications(alert: "typhoon-sms-1", count: 1000)
        let texts = Dictionary(uniqueKeysWithValues: messages.map { ($0.event.address!, $0.event.text) })
        try await Self.publish(messages, to: broker)

        let started = ContinuousClock.now
        var service = try ServiceProcess.launch("alerts-service", environment: environment, port: port)
        try await service.waitUntilReady()
        // Killed halfway: whatever it had in hand is settled by its reports, or sent again once.
        try await waitUntil("300 messages at the carrier", limit: .seconds(90)) { kannel.received().count >= 300 }
        Self.say("SMS: 300 messages at the carrier \(ContinuousClock.now - started) after the first was requested; killing the sender")
        kill(service.process.processIdentifier, SIGKILL)
        try await service.waitForExit(within: .seconds(10))
        let atKill = kannel.received().count
        service = try ServiceProcess.launch("alerts-service", environment: environment, port: port)
        try await service.waitUntilReady()
        try await waitUntil("1,000 numbers at the carrier", limit: .seconds(120)) { Set(kannel.received().map(\.to)).count >= 1000 }
        let elapsed = ContinuousClock.now - started
        Self.say("SMS: 1,000 messages through Kannel to the fake SMSC in \(elapsed) with a SIGKILL and a restart at \(atKill); rate unlimited")

        // The gateway goes away; what is sent meanwhile waits, then arrives.
        kannel.stopSMSBox()
        try await Self.publish(Self.notifications(alert: "typhoon-sms-2", count: 50, from: 2000), to: broker)
        try await Task.sleep(for: .seconds(3))
        #expect(kannel.received().count(where: { $0.to.hasPrefix("1380000") && Int($0.to.dropFirst(3))! >= 2000 }) == 0)
        try kannel.startSMSBox()
        try await waitUntil("50 more numbers after the gateway came back", limit: .seconds(120)) {
            Set(kannel.received().map(\.to)).count >= 1050
        }
        Self.say("SMS: the 50 held while the gateway was away arrived")
        // Past the confirmation wait: anything sent twice would be here by now.
        try await Task.sleep(for: .seconds(10))
        let received = kannel.received()
        #expect(received.count == 1050, "each message once: \(received.count) received for 1,050 numbers")
        #expect(Set(received.map(\.to)).count == 1050)
        #expect(received.filter { texts[$0.to] != nil }.allSatisfy { texts[$0.to] == $0.text }, "the text as residents read it")

        let deadline = ContinuousClock.now + .seconds(60)
        while try await Self.delivered(in: folder) < 1050, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(500)) }
        #expect(try await Self.delivered(in: folder) == 1050, "a delivery report for every message")
        Self.say("SMS: 1,050 delivery reports recorded")
        kill(service.process.processIdentifier, SIGTERM)
        try await service.waitForExit(within: .seconds(30))
        // The receipts the service published: one "delivered" per message, naming pseudonyms only.
        Self.say("SMS: the sender stopped")
        let receipts = try await Self.receipts(in: folder)
        Self.say("SMS: \(receipts.count) receipts in the outbox")
        #expect(Set(receipts.filter { $0.status == .delivered }.map(\.notificationId)).count == 1050, "one delivered receipt each")
        #expect(receipts.allSatisfy { PersonPseudonymizer.isPseudonym($0.recipientId) }, "receipts name pseudonyms, not phones")
        broker.shutdown()
    }

    /// Printed at once: the suite's lines come out even when a limit ends the run.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// The delivery receipts in the service's outbox (kept after they are published).
    static func receipts(in folder: URL) async throws -> [NotificationDelivery] {
        let database = try await ServiceDatabase(.sqlite(path: folder.appendingPathComponent("alerts.sqlite").path), logger: quietLogger)
        let rows: [Data]
        do {
            rows = try await database.withConnection { database in
                try await database.select().column("data").from("outbox_events")
                    .where("topic", .equal, SQLBind(TopicCatalog.delivery.name)).all()
                    .map { try $0.decode(column: "data", as: Data.self) }
            }
        } catch {
            try await database.close()
            throw error
        }
        try await database.close()
        return try rows.map { try CivilEventCoding.decoder.decode(NotificationDelivery.self, from: $0) }
    }

    static func delivered(in folder: URL) async throws -> Int {
        let database = try await ServiceDatabase(.sqlite(path: folder.appendingPathComponent("alerts.sqlite").path), logger: quietLogger)
        let counts: [SMSLedger.Status: Int], second: [SMSLedger.Status: Int]
        do {
            counts = try await database.withConnection { try await SMSLedger.counts(alertId: "typhoon-sms-1", in: $0) }
            second = try await database.withConnection { try await SMSLedger.counts(alertId: "typhoon-sms-2", in: $0) }
        } catch {
            try await database.close()
            throw error
        }
        try await database.close()
        return (counts[.delivered] ?? 0) + (second[.delivered] ?? 0)
    }
}

/// The repository's root, for the demo files.
enum ComposeRoot {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
