import struct Foundation.Data

/// Records for one topic that share all but a few of their headers, written back to back into
/// one buffer: the bulk path of a fan-out. An alert writes a million records that differ only in
/// key, value and two headers; as `KafkaProducerMessage`s each cost a `Data` for its key, its
/// value and every header, a header array and the topic name, allocated, copied into librdkafka
/// and freed again, which was most of a dispatch worker's time. Here a record costs nothing of
/// its own beyond its bytes, and the producer reads them in place
/// (`KafkaProducer.sendAll(_:)` with a batch).
///
/// A record is written piece by piece: ``startRecord(key:)``, one ``addHeaderValue(_:)`` per name
/// of ``recordHeaderNames`` in order, then ``endRecord(value:)``.
public struct KafkaRecordBatch: Sendable {
    public let topic: String
    /// Headers every record carries, ahead of its own.
    public let sharedHeaders: [KafkaHeader]
    /// The names of the headers each record gives a value of its own, in the order added.
    public let recordHeaderNames: [String]
    /// Every record's pieces back to back: key, own header values, value.
    private(set) var bytes: [UInt8] = []
    /// Where each piece ends in `bytes`: `piecesPerRecord` ends per record.
    private(set) var ends: [Int] = []
    /// The header names and shared values as the producer copies them into every record, laid
    /// out once per batch rather than once per send: a fan-out reuses one batch for a whole walk.
    let headerLayout: RDKafkaBatchHeaders

    /// - Parameters:
    ///   - records, bytesPerRecord: room reserved up front, so that filling the batch does not
    ///     grow and copy its buffer.
    public init(topic: String, sharedHeaders: [KafkaHeader], recordHeaderNames: [String], reservingCapacity records: Int = 0,
                bytesPerRecord: Int = 0) {
        self.topic = topic
        self.sharedHeaders = sharedHeaders
        self.recordHeaderNames = recordHeaderNames
        headerLayout = RDKafkaBatchHeaders(sharedHeaders: sharedHeaders, recordHeaderNames: recordHeaderNames)
        let pieces = recordHeaderNames.count + 2
        ends.reserveCapacity(max(0, records) * pieces)
        bytes.reserveCapacity(max(0, records) * max(0, bytesPerRecord))
    }

    /// Complete records in the batch.
    public var count: Int { ends.count / piecesPerRecord }
    public var isEmpty: Bool { ends.count < piecesPerRecord }

    var piecesPerRecord: Int { recordHeaderNames.count + 2 }
    /// Pieces of the record being written (0 between records).
    private var piecesWritten: Int { ends.count % piecesPerRecord }

    /// Starts the next record, keyed by the UTF-8 bytes of `key` (the partitioning key).
    public mutating func startRecord(key: String) {
        precondition(piecesWritten == 0, "a record was started before the last one ended")
        append(key)
    }

    /// The value of the next of ``recordHeaderNames`` for the record being written.
    public mutating func addHeaderValue(_ value: String) {
        precondition(piecesWritten > 0 && piecesWritten < piecesPerRecord - 1, "no header value expected here")
        append(value)
    }

    /// Ends the record being written with its value: `write` appends the value's bytes to the
    /// buffer it is given, and must not change what is already there.
    public mutating func endRecord(value write: (inout [UInt8]) -> Void) {
        precondition(piecesWritten == piecesPerRecord - 1, "a record's header values are missing")
        let start = bytes.count
        write(&bytes)
        precondition(bytes.count >= start, "a record's value removed bytes from the batch")
        ends.append(bytes.count)
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
        ends.append(bytes.count)
    }

    /// Removes every record, keeping the buffers' room for the next batch: a fan-out writes batch
    /// after batch of the same size, and each fresh buffer of a few hundred kilobytes cost an
    /// allocation large enough to make the allocator sweep all its small free blocks.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// The batch's records as messages, each copied out: for checking what a batch holds, not
    /// for producing it.
    public var messages: [KafkaProducerMessage] {
        (0..<count).map { record in
            let own = recordHeaderNames.enumerated().map { index, name in
                KafkaHeader(name: name, value: Data(bytes[piece(record, index + 1)]))
            }
            return KafkaProducerMessage(
                topic: topic, key: Data(bytes[piece(record, 0)]), value: Data(bytes[piece(record, piecesPerRecord - 1)]),
                headers: sharedHeaders + own)
        }
    }

    /// Where piece `piece` of record `record` lies in `bytes`: piece 0 is the key, the last
    /// (`piecesPerRecord - 1`) the value, and those between the record's own header values.
    func piece(_ record: Int, _ piece: Int) -> Range<Int> {
        let index = record * piecesPerRecord + piece
        return (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }
}
