import CRdKafka

/// librdkafka topic handles by name, for producing. A record produced by topic name makes
/// librdkafka take the client's write lock and search its topic list by name; by handle, it
/// only counts a reference. Records come in runs of one topic: comparing with the last name
/// (usually the same string storage) spares hashing it for every record. Not synchronized:
/// the producer keeps it under a lock.
struct RDKafkaTopicHandles: Sendable {
    /// An `rd_kafka_topic_t`, which librdkafka lets any thread use.
    struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private var handles: [String: Handle] = [:]
    private var last: (name: String, handle: Handle)?

    /// The handle for `name`, creating it on first use (`isNew`); `nil` if librdkafka refuses
    /// the name, in which case producing by name reports why (and there is no metadata to ask
    /// for, so such a name is never new).
    mutating func handle(for name: String, in client: OpaquePointer) -> (handle: Handle?, isNew: Bool) {
        if let last, last.name == name { return (last.handle, false) }
        if let known = handles[name] {
            last = (name, known)
            return (known, false)
        }
        guard let pointer = rd_kafka_topic_new(client, name, nil) else { return (nil, false) }
        let created = Handle(pointer: pointer)
        handles[name] = created
        last = (name, created)
        return (created, true)
    }

    /// Gives every handle back to librdkafka; call before the client is destroyed.
    mutating func destroyAll() {
        for handle in handles.values { rd_kafka_topic_destroy(handle.pointer) }
        handles.removeAll()
        last = nil
    }
}
