/// Messages the consumer took from librdkafka in one go, handed out by moving each out rather
/// than copying it: a copy retained the message's buffers, and an array of the batch released
/// them all again when it went away, two reference-count round trips per message. Read by one
/// iterator at a time, so its position is not checked for exclusive access at run time.
@usableFromInline
final class KafkaConsumerMessageBatch: @unchecked Sendable {
    @usableFromInline let messages: UnsafeMutablePointer<KafkaConsumerMessage>
    private let capacity: Int
    @usableFromInline @exclusivity(unchecked) var count = 0
    /// The first message not yet handed out.
    @usableFromInline @exclusivity(unchecked) var next = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        messages = .allocate(capacity: self.capacity)
    }

    convenience init(_ messages: [KafkaConsumerMessage]) {
        self.init(capacity: messages.count)
        for message in messages { append(message) }
    }

    func append(_ message: consuming KafkaConsumerMessage) {
        precondition(count < capacity, "batch is full")
        (messages + count).initialize(to: message)
        count += 1
    }

    /// Moves out the next message; `nil` when all are handed out.
    @inlinable
    func take() -> KafkaConsumerMessage? {
        guard next < count else { return nil }
        next += 1
        return (messages + next - 1).move()
    }

    /// Moves out every message not yet handed out.
    func takeRest() -> [KafkaConsumerMessage] {
        var rest: [KafkaConsumerMessage] = []
        rest.reserveCapacity(count - next)
        while let message = take() { rest.append(message) }
        return rest
    }

    deinit {
        (messages + next).deinitialize(count: count - next)
        messages.deallocate()
    }
}
