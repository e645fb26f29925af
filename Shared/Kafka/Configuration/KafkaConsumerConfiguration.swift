/// Consumer settings. At-least-once by default: an offset is committed only for messages the
/// application marked done, so a crash redelivers at most what was in hand.
public struct KafkaConsumerConfiguration: Sendable {
    /// How partitions move between group members on a rebalance.
    public enum RebalanceProtocol: String, Sendable {
        /// Every member gives up all partitions, then the group reassigns (range, round-robin).
        case eager
        /// Only the partitions that move are revoked (cooperative-sticky): others keep consuming.
        case cooperative
    }

    /// Where a group with no committed offset starts.
    public enum OffsetReset: String, Sendable {
        case earliest, latest
    }

    public var client: KafkaClientConfiguration
    public var groupID: String
    public var topics: [String]
    public var rebalanceProtocol: RebalanceProtocol
    public var offsetReset: OffsetReset
    /// How often marked offsets are committed in the background (also on revoke and close).
    public var commitInterval: Duration
    /// Most messages taken from librdkafka at a time; a rebalance is served only between
    /// batches, so this is also the most an iterator holds when partitions move.
    public var batchSize: Int
    /// librdkafka's prefetch limit in kilobytes: with the batch, it bounds memory when the
    /// application is slow, since a consumer fetches no further while nobody iterates.
    public var prefetchKilobytes: Int
    /// Longest a close waits for the group to be left and offsets committed before giving up.
    public var closeTimeout: Duration

    public init(
        client: KafkaClientConfiguration,
        groupID: String,
        topics: [String],
        rebalanceProtocol: RebalanceProtocol = .cooperative,
        offsetReset: OffsetReset = .earliest,
        commitInterval: Duration = .seconds(1),
        batchSize: Int = 500,
        prefetchKilobytes: Int = 16_384,
        closeTimeout: Duration = .seconds(10)
    ) {
        self.client = client
        self.groupID = groupID
        self.topics = topics
        self.rebalanceProtocol = rebalanceProtocol
        self.offsetReset = offsetReset
        self.commitInterval = commitInterval
        self.batchSize = batchSize
        self.prefetchKilobytes = prefetchKilobytes
        self.closeTimeout = closeTimeout
    }

    var librdkafkaProperties: [(String, String)] {
        client.librdkafkaProperties + [
            ("group.id", groupID),
            ("partition.assignment.strategy",
             rebalanceProtocol == .cooperative ? "cooperative-sticky" : "range,roundrobin"),
            ("auto.offset.reset", offsetReset.rawValue),
            ("enable.auto.commit", "true"),
            ("enable.auto.offset.store", "false"),
            ("auto.commit.interval.ms", String(commitInterval.milliseconds)),
            ("queued.max.messages.kbytes", String(prefetchKilobytes)),
            // librdkafka 2.0.2 compares this per-partition target with the length of the whole
            // consumer queue and then backs every partition off for fetch.error.backoff.ms: with
            // many partitions, fetching stalls for half a second at a time. Prefetch stays
            // bounded by queued.max.messages.kbytes.
            ("queued.min.messages", "10000000"),
            ("fetch.error.backoff.ms", "100"),
            ("enable.partition.eof", "false"),
        ] + client.properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
