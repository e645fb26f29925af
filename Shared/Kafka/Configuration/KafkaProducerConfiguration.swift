/// Producer settings. Idempotence is on by default: a retried send after a broker outage never
/// writes a record twice, and order per partition is kept.
public struct KafkaProducerConfiguration: Sendable {
    public var client: KafkaClientConfiguration
    public var idempotent: Bool
    /// How long librdkafka keeps trying to deliver a message before reporting it failed.
    public var deliveryTimeout: Duration
    /// How long to wait for more messages before sending a batch.
    public var linger: Duration
    /// Bound of the local queue; a full queue makes `send` wait, never drop.
    public var maxQueuedMessages: Int
    /// Largest message accepted; a larger one is refused with `MSG_SIZE_TOO_LARGE`.
    public var maxMessageBytes: Int
    /// Time `flush` (and graceful shutdown) waits for outstanding deliveries.
    public var flushTimeout: Duration

    public init(
        client: KafkaClientConfiguration,
        idempotent: Bool = true,
        deliveryTimeout: Duration = .seconds(120),
        linger: Duration = .milliseconds(5),
        maxQueuedMessages: Int = 100_000,
        maxMessageBytes: Int = 1_000_000,
        flushTimeout: Duration = .seconds(30)
    ) {
        self.client = client
        self.idempotent = idempotent
        self.deliveryTimeout = deliveryTimeout
        self.linger = linger
        self.maxQueuedMessages = maxQueuedMessages
        self.maxMessageBytes = maxMessageBytes
        self.flushTimeout = flushTimeout
    }

    var librdkafkaProperties: [(String, String)] {
        client.librdkafkaProperties + [
            ("enable.idempotence", idempotent ? "true" : "false"),
            ("delivery.timeout.ms", String(deliveryTimeout.milliseconds)),
            ("linger.ms", String(linger.milliseconds)),
            ("queue.buffering.max.messages", String(maxQueuedMessages)),
            ("message.max.bytes", String(maxMessageBytes)),
        ] + client.properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
