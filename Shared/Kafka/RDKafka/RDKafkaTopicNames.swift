import CRdKafka

/// Topic names by librdkafka topic handle, so that a message's topic costs a lookup rather than
/// a new `String`. Not synchronized: each owner touches its cache from one thread (or task).
struct RDKafkaTopicNames {
    private var names: [OpaquePointer: String] = [:]
    /// The last answer: records come in runs of one topic, and this spares hashing the handle.
    private var last: (topic: OpaquePointer, name: String)?

    mutating func name(of topic: OpaquePointer?) -> String {
        guard let topic else { return "" }
        if let last, last.topic == topic { return last.name }
        let name: String
        if let known = names[topic] {
            name = known
        } else {
            name = String(cString: rd_kafka_topic_name(topic))
            names[topic] = name
        }
        last = (topic, name)
        return name
    }
}
