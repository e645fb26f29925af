import Contracts
import Foundation
import Kafka
import Logging
import Synchronization

/// Reads every topic the catalog gives analysts (analytics-safe or public) into the store, from
/// where the store left off to what the topics held when reading began, then stops. Restricted
/// topics (names, phones) are never subscribed. Progress (records kept and left per topic) goes
/// to `progress` once a second.
public struct TopicReader: Sendable {
    /// How far one topic is: records kept in this reading and records still to read.
    public struct Progress: Sendable, Equatable {
        public var topic: String
        public var read: Int64
        public var left: Int64
    }

    /// The topics the catalog gives analysts (its `civil-report` Kafka user may read no others);
    /// none is restricted.
    public static var topics: [TopicSpec] { TopicCatalog.read(by: .analytics).filter { $0.classification != .restricted } }

    let client: KafkaClientConfiguration
    let store: ReportStore
    let logger: Logger

    /// `client` names the bootstrap servers and any TLS or SASL properties; its client id is set here.
    public init(client: KafkaClientConfiguration, store: ReportStore, logger: Logger) {
        var client = client
        client.clientID = "civil-report"
        client.statisticsInterval = nil
        // A reader that runs and stops: a short session lets the next run join at once where the
        // coordinator still waits for the last run's member (the embedded broker does: 45 s, the
        // default session, on every second reading).
        client.properties["session.timeout.ms"] = client.properties["session.timeout.ms"] ?? "6000"
        client.properties["heartbeat.interval.ms"] = client.properties["heartbeat.interval.ms"] ?? "1000"
        self.client = client
        self.store = store
        self.logger = logger
    }

    /// What one reading did: records kept per topic, and the catalog's topics the cluster does
    /// not have (an older cluster before a topic was added): their figures are empty.
    public struct Reading: Sendable {
        public var read: [String: Int64]
        public var missing: [String]
    }

    /// Reads until every partition reached the end it had when reading began.
    /// - Throws: when the cluster cannot be reached (a report from nothing would look like a
    ///   quiet half-year), or ``ReadingTimedOut``.
    @discardableResult
    public func read(within limit: Duration = .seconds(600), progress: @escaping @Sendable ([Progress]) -> Void = { _ in }) async throws
        -> Reading
    {
        let admin = try KafkaAdmin(client: client, logger: logger)
        let present: Set<String>
        var partitions: [KafkaTopicPartition] = []
        do {
            present = try await admin.topicNames()
            for topic in Self.topics where present.contains(topic.name) {
                let count = try await admin.describeTopic(topic.name).partitions.count
                partitions += (0..<count).map { KafkaTopicPartition(topic: topic.name, partition: Int32($0)) }
            }
        } catch {
            await admin.shutdown()
            throw error
        }
        await admin.shutdown()
        let topics = Self.topics.map(\.name).filter(present.contains)
        let missing = Self.topics.map(\.name).filter { !present.contains($0) }
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: client, groupID: try await store.consumerGroup(), topics: topics),
            logger: logger)
        let marks = try await consumer.watermarks(of: partitions)
        let kept = try await store.positions()
        // Where each partition must get to, and where the store is in it.
        let state = Mutex(ReadingState(partitions: marks, kept: kept))
        if state.withLock({ $0.finished }) {
            await consumer.shutdown()
            progress(state.withLock { $0.progress })
            return Reading(read: [:], missing: missing)
        }
        let reporter = Task {
            while !Task.isCancelled {
                progress(state.withLock { $0.progress })
                try? await Task.sleep(for: .seconds(1))
            }
        }
        defer { reporter.cancel() }
        let timer = Task {
            try await Task.sleep(for: limit)
            await consumer.shutdown()
        }
        defer { timer.cancel() }
        // Offsets are marked done only once their records are kept: the group never runs ahead of the store.
        var batch: [(record: ReportStore.Record, message: KafkaConsumerMessage)] = []
        func keepBatch() async throws {
            try await store.keep(batch.map(\.record))
            for entry in batch { consumer.markDone(entry.message) }
            batch.removeAll(keepingCapacity: true)
        }
        for try await message in consumer.messages {
            batch.append((Self.record(of: message), message))
            let done = state.withLock { $0.advance(message.topicPartition, past: message.offset) }
            if batch.count >= 500 || done.partitionDone { try await keepBatch() }
            if done.allDone { break }
        }
        try await keepBatch()
        try? await consumer.commit()
        await consumer.shutdown()
        guard state.withLock({ $0.finished }) else {
            throw ReadingTimedOut(left: state.withLock { $0.progress.filter { $0.left > 0 } })
        }
        let final = state.withLock { $0.progress }
        progress(final)
        return Reading(read: Dictionary(uniqueKeysWithValues: final.map { ($0.topic, $0.read) }), missing: missing)
    }

    /// A consumed record as the store keeps it: an event by `ce_id`, a tombstone by its
    /// position, and a record that is no event by its position with no type (kept so the
    /// partition's position moves past it).
    static func record(of message: KafkaConsumerMessage) -> ReportStore.Record {
        let key = message.key.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let position = "\(message.topic):\(message.partition):\(message.offset)"
        guard message.value != nil, let event = try? CloudEvent(kafkaMessage: message) else {
            return ReportStore.Record(
                id: position, topic: message.topic, partition: message.partition, offset: message.offset, key: key, type: nil,
                time: message.timestamp ?? Date(timeIntervalSince1970: 0), data: nil)
        }
        return ReportStore.Record(
            id: event.id, topic: message.topic, partition: message.partition, offset: message.offset, key: key,
            type: event.type, time: event.time, data: event.data)
    }
}

/// The topics did not reach their end in time: names what is left.
public struct ReadingTimedOut: Error, CustomStringConvertible {
    public let left: [TopicReader.Progress]
    public var description: String {
        "reading stopped before the end: " + left.map { "\($0.topic) \($0.left) left" }.joined(separator: ", ")
    }
}

/// Per partition: where reading must end and where it is.
struct ReadingState: Sendable {
    var targets: [KafkaTopicPartition: Int64] = [:]
    var positions: [KafkaTopicPartition: Int64] = [:]
    var read: [String: Int64] = [:]

    init(partitions: [KafkaTopicPartition: (low: Int64, high: Int64)], kept: [String: [Int32: Int64]]) {
        for (partition, mark) in partitions {
            targets[partition] = mark.high
            positions[partition] = max(mark.low, kept[partition.topic]?[partition.partition] ?? 0)
            read[partition.topic] = 0
        }
    }

    var finished: Bool { targets.allSatisfy { positions[$0.key, default: 0] >= $0.value } }

    mutating func advance(_ partition: KafkaTopicPartition, past offset: Int64) -> (partitionDone: Bool, allDone: Bool) {
        let before = positions[partition, default: 0]
        positions[partition] = max(before, offset + 1)
        read[partition.topic, default: 0] += 1
        let target = targets[partition] ?? 0
        return (before < target && offset + 1 >= target, finished)
    }

    var progress: [TopicReader.Progress] {
        read.keys.sorted().map { topic in
            let left = targets.filter { $0.key.topic == topic }.reduce(Int64(0)) { sum, entry in
                sum + max(0, entry.value - positions[entry.key, default: 0])
            }
            return TopicReader.Progress(topic: topic, read: read[topic] ?? 0, left: left)
        }
    }
}
