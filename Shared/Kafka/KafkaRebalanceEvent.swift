/// A change of a consumer's assignment, for services that keep per-partition state and for
/// readiness ("consumers assigned").
public enum KafkaRebalanceEvent: Sendable, Equatable {
    case assigned([KafkaTopicPartition])
    /// Given up in an orderly rebalance; offsets marked done were committed first.
    case revoked([KafkaTopicPartition])
    /// Taken away without a chance to commit (session timed out, fenced): messages in hand for
    /// these partitions will be redelivered to their new owner.
    case lost([KafkaTopicPartition])
}
