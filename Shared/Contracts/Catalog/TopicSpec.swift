/// One topic of the bureau's public interface: everything an operator needs to create it and an
/// analyst needs to read it. Entries live in ``TopicCatalog``; nothing else names a topic.
public struct TopicSpec: Sendable {
    /// How Kafka disposes of old records.
    public enum CleanupPolicy: String, Sendable {
        /// Current-state topics: the newest record per key is kept; a tombstone deletes the key.
        case compact
        /// Event streams: records are deleted after the retention period.
        case delete
    }

    /// How long records are kept.
    public enum Retention: Sendable, Equatable {
        case forever
        case days(Int)

        /// Kafka's `retention.ms` (`-1` for ever).
        public var milliseconds: Int64 {
            switch self {
            case .forever: -1
            case .days(let days): Int64(days) * 86_400_000
            }
        }

        public var description: String {
            switch self {
            case .forever: "forever"
            case .days(let days): "\(days) days"
            }
        }
    }

    /// Who may see the records, which decides what a record may contain.
    public enum Classification: String, Sendable {
        /// No identity numbers, names or phone numbers: persons appear by pseudonym only.
        case analyticsSafe = "analytics-safe"
        /// Personal contact data; readable only by the services the catalog lists.
        case restricted
        /// The public register: published as is.
        case `public`
    }

    /// `civil.<domain>.<entity>.v<N>`.
    public let name: String
    /// What the record key is; records with the same key keep their order.
    public let key: String
    public let partitions: Int
    public let cleanupPolicy: CleanupPolicy
    public let retention: Retention
    public let classification: Classification
    public let writer: CivilService
    public let readers: [CivilService]
    /// The event types a record on this topic may carry (its `ce_type`).
    public let eventTypes: [any CivilEvent.Type]
    public let summary: String

    public init(
        name: String, key: String, partitions: Int, cleanupPolicy: CleanupPolicy, retention: Retention,
        classification: Classification, writer: CivilService, readers: [CivilService],
        eventTypes: [any CivilEvent.Type], summary: String
    ) {
        self.name = name
        self.key = key
        self.partitions = partitions
        self.cleanupPolicy = cleanupPolicy
        self.retention = retention
        self.classification = classification
        self.writer = writer
        self.readers = readers
        self.eventTypes = eventTypes
        self.summary = summary
    }

    /// Where records that cannot be processed go, with headers naming their origin.
    public var deadLetterTopic: String { name + ".dlq" }

    /// Dead letters are kept long enough for someone to look, then dropped.
    public static let deadLetterRetention = Retention.days(30)

    /// Kafka topic configuration for creating this topic on a real cluster.
    public var kafkaConfig: [String: String] {
        ["cleanup.policy": cleanupPolicy.rawValue, "retention.ms": String(retention.milliseconds)]
    }
}
