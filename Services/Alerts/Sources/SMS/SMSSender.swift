import Contracts
import Foundation
import Kafka
import Logging
import ServiceKit
import ServiceLifecycle
import SQLKit
import Synchronization

/// Sends the SMS notifications through the gateway, as a consumer group of its own on the
/// notification topic: it runs in every alerts-service replica that has a gateway configured
/// and scales with them (its lag is what KEDA watches). Each message is recorded before it is
/// sent (``SMSLedger``), sent at most at the link's configured rate, and retried with backoff
/// while the gateway is away: records stay unmarked, so nothing is lost and nothing sent twice.
/// Test and Exercise notifications, and other channels, are not sent.
public struct SMSSender: Service {
    public static let consumerGroup = "alerts-sms-sender"

    public struct Configuration: Sendable {
        /// Messages a second on the carrier link; 0: as fast as the gateway takes them.
        public var ratePerSecond: Int
        /// Requests to the gateway at once.
        public var concurrency: Int
        /// How long a message whose sending was cut off waits for its delivery report before it
        /// is sent again; longer than the gateway's retry of its reports.
        public var confirmWait: Duration
        public var backoff: Backoff
        /// Not the readiness probe's: the alert API stays up while the gateway is away.
        public var health: ConsumerHealth

        public init(
            ratePerSecond: Int = 0, concurrency: Int = 16, confirmWait: Duration = .seconds(60), backoff: Backoff = Backoff(),
            health: ConsumerHealth = ConsumerHealth()
        ) {
            self.ratePerSecond = ratePerSecond
            self.concurrency = concurrency
            self.confirmWait = confirmWait
            self.backoff = backoff
            self.health = health
        }
    }

    private let loop: ConsumerLoop
    private let database: ServiceDatabase
    private let gateway: KannelGateway
    private let pacer: Pacer
    private let configuration: Configuration
    private let logger: Logger

    public init(
        consumer: KafkaConsumer, deadLetters: DeadLetterPublisher, database: ServiceDatabase, gateway: KannelGateway,
        configuration: Configuration = Configuration(), logger: Logger
    ) {
        loop = ConsumerLoop(
            consumer: consumer, deadLetters: deadLetters,
            configuration: .init(name: Self.consumerGroup, backoff: configuration.backoff, concurrency: configuration.concurrency,
                                 health: configuration.health),
            logger: logger)
        self.database = database
        self.gateway = gateway
        pacer = Pacer(perSecond: configuration.ratePerSecond)
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        await loop.run { message in try await self.send(message) }
    }

    private enum Claim {
        case send
        case done
        case wait(Duration)
    }

    /// Sends one notification record, or nothing if it is not an SMS to a resident's phone or
    /// was sent before.
    func send(_ message: KafkaConsumerMessage) async throws {
        let notification: NotificationRequested
        do {
            notification = try NotificationRequested(cloudEvent: CloudEvent(kafkaMessage: message))
        } catch {
            throw ConsumerLoop.Refusal("not a notification: \(error)")
        }
        // A drill (an exercise) reaches staff, never a resident.
        guard notification.channel == .sms, !notification.exercise || notification.recipientRole != .resident,
              let phone = notification.address
        else { return }
        while true {
            switch try await claim(notification) {
            case .done: return
            case .wait(let duration): try await Task.sleep(for: duration)
            case .send:
                await pacer.next()
                try await deliver(notification, to: phone)
                return
            }
        }
    }

    /// Records the message before it is sent; a message already past `sending` is done, and one
    /// left `sending` is sent again only once its report had time to come.
    private func claim(_ notification: NotificationRequested) async throws -> Claim {
        let confirmWait = TimeInterval(configuration.confirmWait.components.seconds)
        return try await database.transaction { database in
            let now = Date()
            guard let row = try await database.select().columns("status", "attempted_at").from(SMSLedger.table)
                .where("notification_id", .equal, SQLBind(notification.notificationId)).first()
            else {
                try await database.insert(into: SMSLedger.table)
                    .columns("notification_id", "alert_id", "recipient_id", "status", "attempts", "attempted_at")
                    .values(SQLBind(notification.notificationId), SQLBind(notification.alertId), SQLBind(notification.recipientId),
                            SQLBind(SMSLedger.Status.sending.rawValue), SQLBind(1), SQLBind(now))
                    .run()
                return .send
            }
            guard try row.decode(column: "status", as: String.self) == SMSLedger.Status.sending.rawValue else { return .done }
            let waited = now.timeIntervalSince(try row.decode(column: "attempted_at", as: Date.self))
            if waited < confirmWait { return .wait(.seconds(max(1, confirmWait - waited))) }
            try await database.update(SMSLedger.table)
                .set(SQLColumn("attempts"), to: SQLRaw("attempts + 1")).set("attempted_at", to: SQLBind(now))
                .where("notification_id", .equal, SQLBind(notification.notificationId)).run()
            return .send
        }
    }

    private func deliver(_ notification: NotificationRequested, to phone: String) async throws {
        let outcome: KannelGateway.Outcome
        do {
            outcome = try await gateway.send(notification.text, to: phone, notificationId: notification.notificationId)
        } catch {
            // The gateway may have taken it before the answer was lost: the row stays `sending`
            // and the retry waits for its report before sending again.
            logger.warning("SMS gateway unavailable; retrying", metadata: ["error": "\(error)"])
            throw error
        }
        try await database.transaction { database in
            switch outcome {
            case .accepted:
                try await database.update(SMSLedger.table).set("status", to: SQLBind(SMSLedger.Status.accepted.rawValue))
                    .where("notification_id", .equal, SQLBind(notification.notificationId))
                    .where("status", .equal, SQLBind(SMSLedger.Status.sending.rawValue)).run()
            case .refused:
                let now = Date()
                try await database.update(SMSLedger.table).set("status", to: SQLBind(SMSLedger.Status.failed.rawValue))
                    .set("failure", to: SQLBind(NotificationDelivery.Failure.refusedByGateway.rawValue))
                    .set("reported_at", to: SQLBind(now))
                    .where("notification_id", .equal, SQLBind(notification.notificationId)).run()
                try await Outbox.append(
                    NotificationDelivery(notificationId: notification.notificationId, alertId: notification.alertId,
                                         recipientId: notification.recipientId, status: .failed, failure: .refusedByGateway,
                                         reportedAt: now),
                    id: notification.notificationId + "/failed", time: now, in: database)
            }
        }
    }
}

/// Spaces requests to a rate: each caller takes the next slot.
final class Pacer: Sendable {
    private let interval: Duration?
    private let nextSlot = Mutex<ContinuousClock.Instant>(.now)

    init(perSecond: Int) {
        interval = perSecond > 0 ? .nanoseconds(1_000_000_000 / Int64(perSecond)) : nil
    }

    func next() async {
        guard let interval else { return }
        let slot = nextSlot.withLock { next -> ContinuousClock.Instant in
            let slot = max(next, .now)
            next = slot + interval
            return slot
        }
        try? await Task.sleep(until: slot, clock: .continuous)
    }
}
