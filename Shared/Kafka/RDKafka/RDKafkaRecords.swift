import CRdKafka
import Synchronization

/// The librdkafka records behind one batch of consumed messages, kept until the consumer has
/// taken two more batches, so that a message's headers are read only if someone asks for them.
///
/// librdkafka 2.0.2 allocates and frees a buffer to parse a record's header block even when
/// the block says "no headers": reading every message's headers at once cost about a sixth of
/// the consumer's throughput, for services and analysts that mostly never look. Keys, values
/// and timestamps are still copied at once, so a message never holds librdkafka's fetch
/// buffers. When the consumer moves on that far (or closes), the batch is sealed: if any of its messages
/// is still alive somewhere, the headers not yet read are read then, and the records are
/// destroyed either way. So records live only while their batch is in hand, and a message's
/// headers are the same whenever it is asked.
final class RDKafkaRecords: @unchecked Sendable {
    /// librdkafka's records are touched only under the lock.
    private struct State: @unchecked Sendable {
        var records: [UnsafeMutablePointer<rd_kafka_message_t>]
        var headers: [[KafkaHeader]?]
        var sealed = false
    }

    private let state: Mutex<State>

    init(_ records: [UnsafeMutablePointer<rd_kafka_message_t>]) {
        state = Mutex(State(records: records, headers: Array(repeating: nil, count: records.count)))
    }

    /// The headers of the record at `index`, read from librdkafka on first asking.
    func headers(at index: Int) -> [KafkaHeader] {
        state.withLock { state in
            if let known = state.headers[index] { return known }
            // Sealed without reading them: nobody held a message of the batch then, so nobody
            // can ask now; kept as a safe answer.
            guard !state.sealed else { return [] }
            let read = RDKafkaHeaders.read(state.records[index])
            state.headers[index] = read
            return read
        }
    }

    /// Destroys the records, reading first the headers not yet read if `messagesAlive`. Must
    /// run before the consumer's handle is destroyed.
    func seal(messagesAlive: Bool) {
        state.withLock { state in
            guard !state.sealed else { return }
            for (index, record) in state.records.enumerated() {
                if messagesAlive && state.headers[index] == nil {
                    state.headers[index] = RDKafkaHeaders.read(record)
                }
                rd_kafka_message_destroy(record)
            }
            state.records = []
            state.sealed = true
        }
    }
}
