import CRdKafka
import Logging
import ServiceLifecycle
import Synchronization

/// A Kafka cluster inside this process: librdkafka's mock cluster, speaking the Kafka protocol
/// over real TCP on loopback. It is the broker of `make run` and of the tests, and its fault
/// injection (brokers down and up, request errors, round-trip time) drives the reliability tests.
///
/// What it cannot show (librdkafka 2.0.2): it keeps no data across restarts, has no TLS or SASL,
/// no compaction, drops offsets committed inside a transaction, never hides aborted messages
/// from `read_committed` consumers, and keeps only the newest 5 MB or 100,000 records of each
/// partition. Production runs on Apache Kafka.
/// `@unchecked`: the mock cluster API hands every call to the cluster's own thread, so it is safe
/// from any thread.
public final class EmbeddedKafkaBroker: Service, @unchecked Sendable {
    private let host: RDKafkaHandle
    private let cluster: OpaquePointer
    private let destroyed = Atomic<Bool>(false)
    /// `host:port,...` of the brokers, for `bootstrap.servers`.
    public let bootstrapServers: String
    /// Broker ids are 1 ... brokerCount.
    public let brokerCount: Int

    public init(brokers: Int = 3, logger: Logger = Logger(label: "kafka.embedded-broker")) throws {
        // The mock cluster is owned by a client handle; a producer that never produces serves.
        // Its brokers take their socket settings from that handle. With Nagle's algorithm on,
        // the response to the last request of a burst waited for the client's delayed ACK:
        // 40 ms on Linux, at the end of every burst of produce requests.
        host = try RDKafkaHandle(
            kind: RD_KAFKA_PRODUCER, properties: [("log_level", "3"), ("socket.nagle.disable", "true")],
            callbacks: RDKafkaCallbacks(logger: logger, statistics: RDKafkaStatistics(clientID: "embedded-broker")))
        guard let cluster = rd_kafka_mock_cluster_new(host.pointer, Int32(brokers)) else {
            host.destroy()
            throw KafkaError(stage: .broker, code: RD_KAFKA_RESP_ERR__FAIL, context: "could not start the mock cluster")
        }
        self.cluster = cluster
        self.brokerCount = brokers
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    /// Creates a topic; creating one that exists is an error of the mock cluster.
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws {
        let code = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(min(replicationFactor, brokerCount)))
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(stage: .broker, code: code, context: "create topic \(name)")
        }
    }

    /// Takes a broker off the network: its connections close and new ones are refused.
    public func takeDown(broker id: Int32) throws {
        try check(rd_kafka_mock_broker_set_down(cluster, id), "take down broker \(id)")
    }

    /// Brings a broker taken down back.
    public func bringUp(broker id: Int32) throws {
        try check(rd_kafka_mock_broker_set_up(cluster, id), "bring up broker \(id)")
    }

    public func takeDownAll() throws {
        for id in 1...Int32(brokerCount) { try takeDown(broker: id) }
    }

    public func bringUpAll() throws {
        for id in 1...Int32(brokerCount) { try bringUp(broker: id) }
    }

    /// Delays every response of a broker by `rtt`.
    public func setRoundTripTime(broker id: Int32, _ rtt: Duration) throws {
        try check(rd_kafka_mock_broker_set_rtt(cluster, id, Int32(rtt.milliseconds)), "set rtt of broker \(id)")
    }

    /// Makes the next requests of a kind (Kafka API key, e.g. 0 for Produce) fail with these
    /// error codes, one per request, in order.
    public func failNextRequests(apiKey: Int16, with errors: [Int32]) {
        var codes = errors.map { rd_kafka_resp_err_t($0) }
        rd_kafka_mock_push_request_errors_array(cluster, apiKey, codes.count, &codes)
    }

    /// Moves the leadership of a partition, as a broker failover would.
    public func setLeader(topic: String, partition: Int32, broker id: Int32) throws {
        try check(rd_kafka_mock_partition_set_leader(cluster, topic, partition, id), "set leader of \(topic)[\(partition)]")
    }

    /// Stops the cluster. Blocking for a moment while its thread ends.
    public func shutdown() {
        guard !destroyed.exchange(true, ordering: .relaxed) else { return }
        rd_kafka_mock_cluster_destroy(cluster)
        host.destroy()
    }

    /// Runs until the service group shuts down, then stops the cluster.
    public func run() async throws {
        try? await gracefulShutdown()
        shutdown()
    }

    deinit { shutdown() }

    private func check(_ code: rd_kafka_resp_err_t, _ what: String) throws {
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(stage: .broker, code: code, context: what) }
    }
}
