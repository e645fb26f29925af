import CRdKafka

/// The one error type the Kafka module throws, so callers can decide on retry, abort or give-up
/// from the classification librdkafka gives, without knowing librdkafka's error codes.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// Where in the client's life the error happened.
    public enum Stage: String, Sendable {
        case configuration, produce, delivery, consume, commit, seek, transaction, admin, broker, shutdown
    }

    public let stage: Stage
    /// librdkafka's `rd_kafka_resp_err_t` value (negative: local, positive: from the broker).
    public let code: Int32
    public let message: String
    /// The operation may succeed if tried again unchanged.
    public let isRetriable: Bool
    /// The current transaction must be aborted before anything else (transactional producer only).
    public let requiresAbort: Bool
    /// The client cannot be used any more and must be recreated.
    public let isFatal: Bool

    public init(
        stage: Stage, code: Int32, message: String,
        isRetriable: Bool = false, requiresAbort: Bool = false, isFatal: Bool = false
    ) {
        self.stage = stage
        self.code = code
        self.message = message
        self.isRetriable = isRetriable
        self.requiresAbort = requiresAbort
        self.isFatal = isFatal
    }

    /// The librdkafka name of the code, e.g. `MSG_SIZE_TOO_LARGE`.
    public var codeName: String { String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(code))) }

    /// The cluster says the topic or partition does not exist.
    public var isUnknownTopic: Bool {
        code == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue || code == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC.rawValue
    }

    public var description: String {
        var flags: [String] = []
        if isRetriable { flags.append("retriable") }
        if requiresAbort { flags.append("abort-required") }
        if isFatal { flags.append("fatal") }
        let suffix = flags.isEmpty ? "" : " [\(flags.joined(separator: ", "))]"
        return "Kafka \(stage.rawValue) error \(codeName): \(message)\(suffix)"
    }
}

extension KafkaError {
    static let noError = RD_KAFKA_RESP_ERR_NO_ERROR

    init(stage: Stage, code: rd_kafka_resp_err_t, context: String? = nil) {
        let text = String(cString: rd_kafka_err2str(code))
        self.init(
            stage: stage, code: code.rawValue,
            message: context.map { "\($0): \(text)" } ?? text,
            isRetriable: Self.retriableCodes.contains(code),
            isFatal: code == RD_KAFKA_RESP_ERR__FATAL
        )
    }

    /// Takes ownership of an `rd_kafka_error_t` and destroys it (librdkafka requires that of every
    /// returned error object).
    init(stage: Stage, consuming error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            stage: stage, code: rd_kafka_error_code(error).rawValue,
            message: String(cString: rd_kafka_error_string(error)),
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            requiresAbort: rd_kafka_error_txn_requires_abort(error) != 0,
            isFatal: rd_kafka_error_is_fatal(error) != 0
        )
    }

    static func closed(_ what: String) -> KafkaError {
        KafkaError(stage: .shutdown, code: RD_KAFKA_RESP_ERR__DESTROY.rawValue, message: "\(what) is shut down")
    }

    private static let retriableCodes: Set<rd_kafka_resp_err_t> = [
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
        RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__QUEUE_FULL,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
    ]
}
