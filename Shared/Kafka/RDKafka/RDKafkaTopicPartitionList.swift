import CRdKafka

/// Builds and reads `rd_kafka_topic_partition_list_t`, which most offset and assignment calls take.
enum RDKafkaTopicPartitionList {
    /// Calls `body` with a new list holding `entries` (offset per partition); destroys it after.
    static func with<T>(
        _ entries: [(KafkaTopicPartition, Int64)],
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws -> T
    ) rethrows -> T {
        let list = rd_kafka_topic_partition_list_new(Int32(entries.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (topicPartition, offset) in entries { add(topicPartition, offset: offset, to: list) }
        return try body(list)
    }

    private static func add(
        _ topicPartition: KafkaTopicPartition, offset: Int64, to list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        // withCString borrows the string's own bytes; the implicit conversion copied them
        // into a new array on every call.
        topicPartition.topic.withCString { topic in
            rd_kafka_topic_partition_list_add(list, topic, topicPartition.partition).pointee.offset = offset
        }
    }

    /// The entries of a list as (partition, offset, error) triples.
    static func entries(
        _ list: UnsafePointer<rd_kafka_topic_partition_list_t>
    ) -> [(partition: KafkaTopicPartition, offset: Int64, error: rd_kafka_resp_err_t)] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return (KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition),
                    element.offset, element.err)
        }
    }
}
