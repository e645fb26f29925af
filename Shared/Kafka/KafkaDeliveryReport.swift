/// Where a produced record landed, or why it could not be delivered.
public struct KafkaDeliveryReport: Sendable {
    /// The id `KafkaProducer.enqueue` returned for the record.
    public let messageID: UInt64
    public let topic: String
    public let partition: Int32
    /// The record's offset in the partition; -1 when not delivered.
    public let offset: Int64
    /// `nil` when the broker acknowledged the record.
    public let error: KafkaError?

    public var isDelivered: Bool { error == nil }
}

/// The delivery reports of enqueued records, one by one; they cross threads in batches.
/// Ends when the producer shuts down.
public struct KafkaDeliveryReports: AsyncSequence, Sendable {
    public typealias Element = KafkaDeliveryReport
    let buffer: DeliveryReportBuffer

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline let buffer: DeliveryReportBuffer
        @usableFromInline var batch: [KafkaDeliveryReport] = []
        @usableFromInline var index = 0

        init(buffer: DeliveryReportBuffer) { self.buffer = buffer }

        public mutating func next() async -> KafkaDeliveryReport? {
            await next(isolation: nil)
        }

        /// Runs on the iterating task's actor (what `for await` calls): handing out a report
        /// from the batch in hand then costs no hop to another executor. Inlinable, so that a
        /// report from the batch in hand costs no async call either.
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async -> KafkaDeliveryReport? {
            if index == batch.count {
                batch = await buffer.take()
                index = 0
                if batch.isEmpty { return nil }
            }
            index += 1
            return batch[index - 1]
        }
    }
}
