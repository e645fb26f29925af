import CRdKafka
import Logging

/// What librdkafka's C callbacks reach through the configuration's opaque pointer. Everything is
/// set before `rd_kafka_new` and never changed, so the callbacks may run on any librdkafka thread.
final class RDKafkaCallbacks: @unchecked Sendable {
    typealias Rebalance = (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void

    let logger: Logger
    let statistics: RDKafkaStatistics
    /// librdkafka event types (`RD_KAFKA_EVENT_*`) the owner takes from its queue with
    /// `rd_kafka_queue_poll` instead of through callbacks.
    let events: Int32
    let rebalance: Rebalance?

    init(logger: Logger, statistics: RDKafkaStatistics, events: Int32 = 0, rebalance: Rebalance? = nil) {
        self.logger = logger
        self.statistics = statistics
        self.events = events
        self.rebalance = rebalance
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaCallbacks? {
        opaque.map { Unmanaged<RDKafkaCallbacks>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Installs the C trampolines on `conf`; `opaque` must point at a retained instance.
    static func install(on conf: OpaquePointer, opaque: UnsafeMutableRawPointer, callbacks: RDKafkaCallbacks) {
        rd_kafka_conf_set_opaque(conf, opaque)
        rd_kafka_conf_set_log_cb(conf) { handle, level, facility, text in
            guard let handle, let callbacks = RDKafkaCallbacks.from(rd_kafka_opaque(handle)) else { return }
            let facility = facility.map { String(cString: $0) } ?? "-"
            let text = text.map { String(cString: $0) } ?? ""
            callbacks.logger.log(level: Logger.Level(syslog: level), "\(text)", metadata: ["rdkafka.facility": "\(facility)"])
        }
        rd_kafka_conf_set_stats_cb(conf) { _, json, length, opaque in
            if let json, let callbacks = RDKafkaCallbacks.from(opaque) {
                callbacks.statistics.record(json: UnsafeRawBufferPointer(start: json, count: length))
            }
            return 0  // librdkafka frees the JSON
        }
        if callbacks.events != 0 {
            rd_kafka_conf_set_events(conf, callbacks.events)
        }
        if callbacks.rebalance != nil {
            rd_kafka_conf_set_rebalance_cb(conf) { handle, error, partitions, opaque in
                guard let handle, let partitions, let callbacks = RDKafkaCallbacks.from(opaque) else { return }
                callbacks.rebalance?(handle, error, partitions)
            }
        }
    }
}

extension Logger.Level {
    /// librdkafka logs with syslog levels (0 emergency ... 7 debug).
    init(syslog level: Int32) {
        switch level {
        case ...2: self = .critical
        case 3: self = .error
        case 4: self = .warning
        case 5: self = .notice
        case 6: self = .info
        default: self = .debug
        }
    }
}
