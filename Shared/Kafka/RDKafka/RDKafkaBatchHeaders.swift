/// The header names and shared values of a ``KafkaRecordBatch`` laid out once in one buffer, for
/// `rd_kafka_header_add` to copy from for every record (it takes pointer and length, so nothing
/// needs a terminating zero).
struct RDKafkaBatchHeaders: Sendable {
    /// Shared names and values, then the names of the records' own headers.
    let bytes: [UInt8]
    /// Each shared header's name, and its value (`nil` for a null value).
    let shared: [(name: Range<Int>, value: Range<Int>?)]
    /// The names of the records' own headers, in order.
    let ownNames: [Range<Int>]

    init(sharedHeaders: [KafkaHeader], recordHeaderNames: [String]) {
        var bytes: [UInt8] = []
        func append(_ piece: some Collection<UInt8>) -> Range<Int> {
            let start = bytes.count
            bytes.append(contentsOf: piece)
            return start..<bytes.count
        }
        shared = sharedHeaders.map { header in
            (append(Array(header.name.utf8)), header.value.map { append($0) })
        }
        ownNames = recordHeaderNames.map { append(Array($0.utf8)) }
        self.bytes = bytes
    }

    /// How many headers each record carries.
    var count: Int { shared.count + ownNames.count }
}
