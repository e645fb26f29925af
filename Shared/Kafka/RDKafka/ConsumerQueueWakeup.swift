import CRdKafka
import Dispatch
import Foundation

/// Tells the iterating task that librdkafka put something on the consumer queue, through a
/// pipe that librdkafka writes one byte to per stretch in which nobody polled the queue.
///
/// librdkafka's other way, an event callback (`rd_kafka_queue_cb_event_enable`), runs on the
/// broker thread for every record it enqueues; the consumer then polled against that thread
/// for the queue's lock, which cost 0.8 µs per record, most of the Swift consumer's overhead.
final class ConsumerQueueWakeup: @unchecked Sendable {
    let signal = QueueSignal()
    private var queue: OpaquePointer?
    private let source: DispatchSourceRead
    private let writeEnd: Int32

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw KafkaError(stage: .configuration, code: RD_KAFKA_RESP_ERR__FAIL, context: "consumer wake-up pipe: errno \(errno)")
        }
        // Non-blocking at both ends: a full pipe must never hold up librdkafka's broker thread.
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        self.writeEnd = writeEnd
        source = DispatchSource.makeReadSource(
            fileDescriptor: readEnd, queue: DispatchQueue(label: "kafka-consumer-wakeup"))
        source.setEventHandler { [signal] in
            var bytes = [UInt8](repeating: 0, count: 64)
            while read(readEnd, &bytes, bytes.count) > 0 {}
            signal.signal()
        }
        source.setCancelHandler {
            close(readEnd)
            close(writeEnd)
        }
        source.resume()
    }

    /// Has librdkafka write to the pipe when `queue` gets something.
    func enable(on queue: OpaquePointer) {
        self.queue = queue
        var payload: UInt8 = 1
        rd_kafka_queue_io_event_enable(queue, writeEnd, &payload, 1)
    }

    /// Stops librdkafka writing to the pipe, then closes it.
    func stop() {
        if let queue { rd_kafka_queue_io_event_enable(queue, -1, nil, 0) }
        source.cancel()
    }
}
