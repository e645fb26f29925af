/// Records handed to the producer by ``KafkaProducer/submit(_:)`` whose acknowledgements are still
/// to come: the sender can prepare the next batch while the broker acknowledges this one, and
/// waits for all of it at once with ``results()``.
public struct KafkaSendBatch: Sendable {
    let core: RDKafkaProducerCore
    let waiter: RDKafkaBatchWaiter
    let refusal: KafkaError?
    let produced: Int

    /// One result per message, in the order submitted, once every queued record is acknowledged
    /// or failed. Records after one librdkafka refused fail with that refusal.
    public func results() async -> [Result<KafkaDeliveryReport, KafkaError>] {
        await core.results(of: waiter, refusal: refusal, produced: produced)
    }
}
