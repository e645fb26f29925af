import CRdKafka
import Foundation

/// Converts between `[KafkaHeader]` and librdkafka's header lists.
enum RDKafkaHeaders {
    /// A new header list for producing, or `nil` when there are no headers. The caller owns it
    /// until `rd_kafka_produceva` succeeds, and must destroy it if the call fails.
    static func make(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty, let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            header.value.withOptionalBytes { bytes in
                _ = rd_kafka_header_add(list, header.name, -1, bytes?.baseAddress, bytes.map { $0.count } ?? 0)
            }
        }
        return list
    }

    /// The headers of a consumed message (empty when it has none).
    static func read(_ message: UnsafePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var result: [KafkaHeader] = []
        result.reserveCapacity(rd_kafka_header_cnt(list))
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            result.append(KafkaHeader(
                name: name.map { String(cString: $0) } ?? "",
                value: value.map { Data(bytes: $0, count: size) }))
            index += 1
        }
        return result
    }
}
