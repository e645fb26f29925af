/// The records of one `submit` call, waiting for their reports: the poll thread fills in each
/// report by its place in the batch and wakes the sender once, when the last one arrives, rather
/// than once per record. Its ids are one contiguous block, so a report finds its batch by range.
/// Guarded by the producer core's lock of awaited senders.
final class RDKafkaBatchWaiter: @unchecked Sendable {
    let firstID: UInt64
    let count: Int
    var reports: [KafkaDeliveryReport?]
    /// Records produced whose report has not arrived yet (records never produced do not count).
    var outstanding: Int
    var continuation: CheckedContinuation<Void, Never>?

    init(firstID: UInt64, count: Int) {
        self.firstID = firstID
        self.count = count
        reports = Array(repeating: nil, count: count)
        outstanding = count
    }

    func contains(_ id: UInt64) -> Bool {
        id >= firstID && id - firstID < UInt64(count)
    }
}
