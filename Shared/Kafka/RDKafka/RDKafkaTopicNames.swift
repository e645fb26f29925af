import CRdKafka

/// Topic names by librdkafka topic handle, so that a message's topic costs a lookup rather than
/// a new `String`. Not synchronized: each owner touches its cache from one thread (or task).
struct RDKafkaTopicNames {
    private var names: [OpaquePointer: String] = [:]

    mutating func name(of topic: OpaquePointer?) -> String {
        guard let topic else { return "" }
        if let name = names[topic] { return name }
        let name = String(cString: rd_kafka_topic_name(topic))
        names[topic] = name
        return name
    }
}
