import CRdKafka
import Foundation

/// The keys and values of one fetched batch, copied out of librdkafka into one buffer: each
/// message's key and value is a slice of it. Copied one by one, every value larger than 14
/// bytes cost two allocations (the `Data` storage object and its bytes) and two frees, about a
/// quarter of the consuming task's time for 100-byte values.
///
/// A slice keeps the whole buffer alive, so a message kept after its batch keeps that batch's
/// keys and values (at most `batchSize` records' worth) in memory; librdkafka's own fetch
/// buffers are never pinned.
struct RDKafkaBatchBytes {
    private let buffer: Data
    private var cursor: Int

    init(_ records: [UnsafeMutablePointer<rd_kafka_message_t>]) {
        var total = 0
        for record in records {
            if record.pointee.key != nil { total += record.pointee.key_len }
            if record.pointee.payload != nil { total += record.pointee.len }
        }
        guard total > 0 else {
            buffer = Data()
            cursor = buffer.startIndex
            return
        }
        // Traps when memory is exhausted, as every Swift allocation does, instead of leaving
        // the slices below out of range.
        let base = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: 1)
        var end = base
        for record in records {
            if let key = record.pointee.key, record.pointee.key_len > 0 {
                end.copyMemory(from: key, byteCount: record.pointee.key_len)
                end += record.pointee.key_len
            }
            if let payload = record.pointee.payload, record.pointee.len > 0 {
                end.copyMemory(from: payload, byteCount: record.pointee.len)
                end += record.pointee.len
            }
        }
        buffer = Data(bytesNoCopy: base, count: total, deallocator: .custom { bytes, _ in bytes.deallocate() })
        cursor = buffer.startIndex
    }

    /// The bytes of the next key or value, taken in the order the initializer copied them
    /// (each record's key, then its value); `nil` for a null key or a tombstone.
    mutating func next(_ bytes: UnsafeMutableRawPointer?, count: Int) -> Data? {
        guard bytes != nil else { return nil }
        guard count > 0 else { return Data() }
        defer { cursor += count }
        return buffer[cursor..<cursor + count]
    }
}
