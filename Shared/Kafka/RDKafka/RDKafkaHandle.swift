import CRdKafka
import Logging

/// Owns one `rd_kafka_t` and the callback context its C callbacks point at. The context is
/// released only after `rd_kafka_destroy` returns, when no librdkafka thread can call back.
final class RDKafkaHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    private let callbacks: Unmanaged<RDKafkaCallbacks>

    init(kind: rd_kafka_type_t, properties: [(String, String)], callbacks: RDKafkaCallbacks) throws {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(stage: .configuration, code: RD_KAFKA_RESP_ERR__FAIL, context: "rd_kafka_conf_new")
        }
        var errorText = [CChar](repeating: 0, count: 512)
        for (name, value) in properties {
            let result = rd_kafka_conf_set(conf, name, value, &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                // The value is not echoed: it may be a password or key.
                let reason = errorText.nullTerminatedString
                throw KafkaError(
                    stage: .configuration, code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue,
                    message: "property '\(name)' rejected: \(reason)")
            }
        }
        let retained = Unmanaged.passRetained(callbacks)
        RDKafkaCallbacks.install(on: conf, opaque: retained.toOpaque(), callbacks: callbacks)
        guard let handle = rd_kafka_new(kind, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            retained.release()
            let reason = errorText.nullTerminatedString
            throw KafkaError(stage: .configuration, code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, message: reason)
        }
        self.pointer = handle
        self.callbacks = retained
    }

    /// Destroys the handle. Blocking: call it from a thread of our own, never the cooperative pool.
    func destroy(flags: Int32 = 0) {
        rd_kafka_destroy_flags(pointer, flags)
        callbacks.release()
    }

}

extension Array where Element == CChar {
    /// The text of a C error buffer that librdkafka filled.
    var nullTerminatedString: String {
        String(decoding: prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
