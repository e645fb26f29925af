import Contracts
import Foundation
import Kafka
import Logging
import ServiceKit
import ServiceLifecycle
import SQLKit

/// Turns per-area dispatch records into one notification per recipient and channel. Workers in
/// one consumer group share the dispatch topic's partitions, so operators scale dispatch out
/// by starting instances (up to the partition count).
///
/// A record is marked done only when its whole area is notified. Progress is saved per batch,
/// after the batch's notifications are on the broker: a worker that takes over a dead one's
/// partition resumes at the last saved recipient, and resends at most one batch, under the same
/// deterministic ids. Between batches it checks the alert: a cancelled or superseded alert
/// stops. Test alerts are counted but never reach the notification topic; an Exercise (a drill)
/// reaches the area's officers and shelter managers only, marked as an exercise, and never a resident.
public final class DispatchWorker: Service, Sendable {
    public struct Configuration: Sendable {
        /// Recipients per batch (one database read, one wait for delivery, one progress save).
        public var batchSize: Int
        /// A running dispatch whose progress is older than this is taken to be dead (its worker
        /// died); a Cancel waits for running ones up to ``cancelWait``.
        public var staleAfter: Duration
        public var cancelWait: Duration
        public var backoff: Backoff
        /// Areas dispatched at once by this worker.
        public var concurrency: Int
        /// Where the worker reports itself stalled; the service's readiness reads it.
        public var health: ConsumerHealth

        public init(batchSize: Int = 2000, staleAfter: Duration = .seconds(10), cancelWait: Duration = .seconds(30),
                    backoff: Backoff = Backoff(), concurrency: Int = 4, health: ConsumerHealth = ConsumerHealth()) {
            self.health = health
            self.batchSize = batchSize
            self.concurrency = max(1, concurrency)
            self.staleAfter = staleAfter
            self.cancelWait = cancelWait
            self.backoff = backoff
        }
    }

    public static let consumerGroup = "alerts-dispatch"

    /// The configuration of the producer a worker sends notifications with: the service's own,
    /// except that it lingers 1 ms rather than 5. A dispatch waits for the broker after every
    /// batch, and librdkafka holds each batch's last records back for the whole linger; at a
    /// million notifications the 4 ms saved per batch was about a fifth of the time
    /// (alerts-benchmark, one worker, three runs each: 292,000-317,000 notifications/s against
    /// 222,000-281,000).
    /// While a batch is being queued, records still gather into requests without any linger.
    public static func producerConfiguration(client: KafkaClientConfiguration) -> KafkaProducerConfiguration {
        KafkaProducerConfiguration(client: client, linger: .milliseconds(1))
    }

    private let loop: ConsumerLoop
    private let producer: KafkaProducer
    private let database: ServiceDatabase
    private let areas: AlertAreas
    private let configuration: Configuration
    private let logger: Logger
    private let directory = ResidentDirectory()

    public init(
        consumer: KafkaConsumer, producer: KafkaProducer, database: ServiceDatabase, areas: AlertAreas,
        configuration: Configuration = Configuration(), logger: Logger
    ) {
        self.loop = ConsumerLoop(
            consumer: consumer, deadLetters: DeadLetterPublisher(producer: producer, consumer: Self.consumerGroup),
            configuration: ConsumerLoop.Configuration(
                name: Self.consumerGroup, backoff: configuration.backoff, concurrency: configuration.concurrency,
                health: configuration.health),
            logger: logger)
        self.producer = producer
        self.database = database
        self.areas = areas
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until graceful shutdown. Up to `concurrency` areas are dispatched at once (the
    /// database and the broker round trips of one overlap the work of another); records are
    /// marked done in offset order per partition.
    public func run() async throws {
        do {
            try await producer.prepare(topics: [NotificationRequested.topic.name])
        } catch {
            logger.warning("notification topic metadata not fetched; the first dispatch waits for it", metadata: [
                "error": "\(error)",
            ])
        }
        // Stopped between or inside areas: unfinished areas are delivered again to whoever takes over.
        await loop.run { message in try await self.dispatch(message) }
    }

    /// Dispatches one area to the end; a record that is not a dispatch is refused (dead-lettered).
    /// Failures are retried until the area is done or the worker stops.
    func dispatch(_ message: KafkaConsumerMessage) async throws {
        let dispatch: AreaDispatch
        do {
            dispatch = try AreaDispatch(cloudEvent: try CloudEvent(kafkaMessage: message))
        } catch {
            throw ConsumerLoop.Refusal("\(error)")
        }
        if dispatch.msgType.flatMap(CAPAlert.MessageType.init(rawValue:)) == .cancel {
            try await tellCancelled(dispatch)
        } else {
            try await notify(dispatch)
        }
    }

    /// An Alert or Update: officers first, then residents in notification order, batch by batch.
    private func notify(_ dispatch: AreaDispatch) async throws {
        let exercise = CAPAlert.Status(rawValue: dispatch.status) != .actual
        let withdrawn: @Sendable () async throws -> Bool = {
            let state = try await self.database.withReadConnection { try await AlertDesk.state(of: dispatch.alertId, in: $0) }
            return state == .cancelled || state == .superseded
        }
        let officers = try await officers(in: dispatch.areaCode)
        if CAPAlert.Status(rawValue: dispatch.status) == .exercise {
            return try await drill(dispatch, officers: officers)
        }
        let notifier = Notifier(alertId: dispatch.alertId, text: dispatch.headline)
        var progress = try await database.transaction { database in
            let residents = try await self.directory.count(in: dispatch.areaCode, in: database)
            return try await DispatchProgress.start(
                alertId: dispatch.alertId, areaCode: dispatch.areaCode, targeted: residents + officers.count,
                exercise: exercise, now: Date(), in: database)
        }
        guard progress.state == .running else { return }
        // Officers lead the first batch (not one of their own: each batch waits for the broker).
        let unsent = progress.cursor == nil && progress.notified == 0 ? officers : []
        try await walk(
            dispatch, progress: &progress, through: nil, exercise: exercise, notifier: notifier, leading: unsent, shouldStop: withdrawn)
    }

    /// An Exercise: the area's officers are told (marked as a drill, so their phones say so and
    /// the SMS sender sends to staff only); residents are not. Counted as the area's whole target.
    private func drill(_ dispatch: AreaDispatch, officers: [StaffRecipient]) async throws {
        var progress = try await database.transaction { database in
            try await DispatchProgress.start(
                alertId: dispatch.alertId, areaCode: dispatch.areaCode, targeted: officers.count, exercise: true, now: Date(), in: database)
        }
        guard progress.state == .running else { return }
        let notifier = Notifier(alertId: dispatch.alertId, text: ResidentText.text(headline: dispatch.headline, exercise: true), exercise: true)
        try await producer.sendAll(notifier.batch(officers))
        progress.notified = officers.count
        progress.state = .finished
        progress.updatedAt = Date()
        try await save(progress, of: dispatch)
    }

    /// A Cancel: those already notified of the cancelled alerts (up to where each got) are told.
    /// A dispatch of the cancelled alert still running elsewhere is given time to notice the
    /// cancellation and stop, so that its last batch is told too.
    private func tellCancelled(_ dispatch: AreaDispatch) async throws {
        var through: DispatchCursor?
        var anyNotified = false
        var exercise = true
        for cancelled in dispatch.cancels ?? [] {
            guard let original = try await settledProgress(alertId: cancelled, areaCode: dispatch.areaCode),
                  original.notified > 0
            else { continue }
            anyNotified = true
            exercise = exercise && original.exercise
            if let cursor = original.cursor, through.map({ $0 < cursor }) ?? true { through = cursor }
        }
        let officers = anyNotified ? try await officers(in: dispatch.areaCode) : []
        let notifier = Notifier(alertId: dispatch.alertId, text: ResidentText.text(headline: dispatch.headline, cancel: true))
        var progress = try await database.transaction { [exercise] database in
            try await DispatchProgress.start(
                alertId: dispatch.alertId, areaCode: dispatch.areaCode, targeted: 0, exercise: exercise, now: Date(),
                in: database)
        }
        guard progress.state == .running else { return }
        guard anyNotified else {
            progress.state = .finished
            progress.updatedAt = Date()
            return try await save(progress, of: dispatch)
        }
        if progress.cursor == nil, progress.notified == 0 {
            try await send(notifier.batch(officers), exercise: exercise)
            progress.notified = officers.count
        }
        guard let through else {
            progress.state = .finished
            progress.updatedAt = Date()
            return try await save(progress, of: dispatch)
        }
        try await walk(
            dispatch, progress: &progress, through: through, exercise: exercise, notifier: notifier, leading: [], shouldStop: { false })
    }

    /// The cancelled alert's progress once it is no longer running (or its worker looks dead).
    private func settledProgress(alertId: String, areaCode: String) async throws -> DispatchProgress? {
        let deadline = ContinuousClock.now + configuration.cancelWait
        while true {
            let progress = try await database.withConnection {
                try await DispatchProgress.load(alertId: alertId, areaCode: areaCode, in: $0)
            }
            guard let progress, progress.state == .running,
                  Date().timeIntervalSince(progress.updatedAt) < Double(configuration.staleAfter.components.seconds),
                  ContinuousClock.now < deadline
            else { return progress }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Notifies an area's residents after the saved cursor (and up to `through`, when given),
    /// saving progress after each batch is on the broker. `leading` staff are notified ahead of
    /// the first batch's residents, in the same batch.
    private func walk(
        _ dispatch: AreaDispatch, progress: inout DispatchProgress, through: DispatchCursor?, exercise: Bool,
        notifier: Notifier, leading: [StaffRecipient], shouldStop: () async throws -> Bool
    ) async throws {
        var leading = leading
        // One buffer for the walk, emptied for each batch; the first batch also holds the leading
        // staff (a buffer that grew mid-batch was reallocated once per area: perf).
        var records = notifier.batch(reservingCapacity: exercise ? 0 : configuration.batchSize + leading.count)
        while true {
            try Task.checkCancellation()
            if try await shouldStop() {
                progress.state = .stopped
                progress.updatedAt = Date()
                return try await save(progress, of: dispatch)
            }
            var recipients = try await database.withReadConnection { [progress] in
                try await self.directory.recipients(
                    in: dispatch.areaCode, after: progress.cursor, limit: self.configuration.batchSize, in: $0)
            }
            if let through { recipients.removeAll { DispatchCursor(priority: $0.priority, personId: $0.personId) > through } }
            if !exercise, !leading.isEmpty || !recipients.isEmpty {
                records.removeAll()
                for officer in leading { notifier.append(officer, to: &records) }
                for recipient in recipients { notifier.append(recipient, to: &records) }
                try await producer.sendAll(records)
            }
            progress.notified += leading.count + recipients.count
            leading = []
            if let last = recipients.last { progress.cursor = DispatchCursor(priority: last.priority, personId: last.personId) }
            let done = recipients.count < configuration.batchSize
            if done { progress.state = .finished }
            progress.updatedAt = Date()
            try await save(progress, of: dispatch)
            if done { return }
        }
    }

    /// Saves an area's progress. Once its dispatch has ended, the same transaction tells analysts
    /// how far it reached (``AreaReached``, once per alert and area: a dispatch that has ended is
    /// never walked again).
    private func save(_ progress: DispatchProgress, of dispatch: AreaDispatch) async throws {
        guard progress.state != .running else {
            return try await database.withConnection { try await progress.save(in: $0) }
        }
        let reached = AreaReached(
            alertId: progress.alertId, areaCode: progress.areaCode, status: dispatch.status, msgType: dispatch.msgType ?? "Alert",
            targeted: progress.targeted, notified: progress.notified, outcome: progress.state == .stopped ? .stopped : .finished,
            settledAt: progress.updatedAt)
        try await database.transaction { database in
            try await progress.save(in: database)
            try await Outbox.append(reached, id: "reach-\(progress.alertId)-\(progress.areaCode)", time: progress.updatedAt, in: database)
        }
    }

    private func send(_ batch: KafkaRecordBatch, exercise: Bool) async throws {
        guard !exercise else { return }
        try await producer.sendAll(batch)
    }

    /// The area's officers and the managers of its shelters, with a phone to reach them on.
    private func officers(in areaCode: String) async throws -> [StaffRecipient] {
        let managers = try await database.withReadConnection { try await ShelterDesk.managers(in: areaCode, in: $0) }
        let officers = (areas.areas[areaCode]?.officers ?? []).map {
            StaffRecipient(staffId: $0.staffId, phone: $0.phone, role: .areaOfficer)
        }
        return (officers + managers).filter { $0.phone != nil }
    }

    /// Notifications of one dispatch and text, sharing their time and their encoded common fields,
    /// written straight into a record batch.
    struct Notifier: Sendable {
        let alertId: String
        let json: NotificationJSON
        let time: Date

        init(alertId: String, text: String, exercise: Bool = false) {
            self.alertId = alertId
            time = Date()
            json = NotificationJSON(alertId: alertId, text: text, exercise: exercise, requestedAt: time)
        }

        /// A batch for `count` notifications.
        func batch(reservingCapacity count: Int) -> KafkaRecordBatch {
            KafkaRecordBatch(
                cloudEventsOn: NotificationRequested.topic.name, source: NotificationRequested.topic.writer.eventSource,
                type: NotificationRequested.eventType, time: time, dataSchema: NotificationRequested.dataSchema,
                reservingCapacity: count, bytesPerRecord: json.sharedByteCount + 256)
        }

        func batch(_ officers: [StaffRecipient]) -> KafkaRecordBatch {
            var batch = batch(reservingCapacity: officers.count)
            for officer in officers { append(officer, to: &batch) }
            return batch
        }

        func append(_ officer: StaffRecipient, to batch: inout KafkaRecordBatch) {
            append(recipientId: officer.staffId, role: officer.role, channel: .sms, address: officer.phone, priority: 0, to: &batch)
        }

        func append(_ recipient: Recipient, to batch: inout KafkaRecordBatch) {
            append(recipientId: recipient.personId, role: .resident, channel: DispatchWorker.channel(for: recipient),
                   address: recipient.phone, priority: recipient.priority, to: &batch)
        }

        /// One notification, keyed and subjected by its recipient (a pseudonym, never personal data).
        private func append(
            recipientId: String, role: NotificationRequested.RecipientRole, channel: NotificationRequested.Channel,
            address: String?, priority: Int, to batch: inout KafkaRecordBatch
        ) {
            let id = NotificationID.make(alertId: alertId, recipientId: recipientId, channel: channel)
            batch.appendEvent(key: recipientId, id: id, subject: recipientId) { data in
                json.write(notificationId: id, recipientId: recipientId, role: role, channel: channel, address: address,
                           priority: priority, to: &data)
            }
        }
    }

    /// A phone gets a text message; without one, a community officer calls at the door.
    public static func channel(for recipient: Recipient) -> NotificationRequested.Channel {
        recipient.phone == nil ? .communityOfficer : .sms
    }
}

extension DispatchCursor: Comparable {
    public static func < (lhs: DispatchCursor, rhs: DispatchCursor) -> Bool {
        (lhs.priority, lhs.personId) < (rhs.priority, rhs.personId)
    }
}
