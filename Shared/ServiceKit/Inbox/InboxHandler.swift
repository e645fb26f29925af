import Contracts
import SQLKit

/// What a service does with the events of a topic it reads. Called inside a database
/// transaction that also records the event as processed, so the effect happens once however
/// often the event is delivered.
public protocol InboxHandler: Sendable {
    /// The key under which the event is recorded as processed. By default its `ce_id`; name a
    /// business key (household, program and month) when two different events must not both
    /// take effect.
    func deduplicationKey(for event: CloudEvent) -> String

    /// Applies the event using `database`, which is inside the transaction.
    /// - Throws: ``PermanentEventError`` (or a decoding error) for an event that can never be
    ///   applied: it is dead-lettered. Anything else is retried with backoff.
    func handle(_ event: CloudEvent, in database: any SQLDatabase) async throws

    /// A record with no value on a compacted topic: the key's state was deleted. Tombstones are
    /// idempotent by nature and are not recorded. By default they are dead-lettered.
    func handleTombstone(key: String, topic: String, in database: any SQLDatabase) async throws
}

extension InboxHandler {
    public func deduplicationKey(for event: CloudEvent) -> String { event.id }

    public func handleTombstone(key: String, topic: String, in database: any SQLDatabase) async throws {
        throw PermanentEventError("unexpected tombstone on \(topic)")
    }
}
