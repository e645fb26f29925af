import Kafka

/// Tracks records processed concurrently and releases them for marking in offset order per
/// partition: a record is marked done only when every earlier record of its partition is, so a
/// committed offset never passes unfinished work. A record that did not finish (the worker was
/// stopped) holds back its partition for the rest of this assignment.
public struct InOrderCompletion: Sendable {
    private struct Entry {
        let message: KafkaConsumerMessage
        var finished: Bool?
    }

    private var queues: [KafkaTopicPartition: [Entry]] = [:]
    private var blocked: Set<KafkaTopicPartition> = []

    public init() {}

    public mutating func started(_ message: KafkaConsumerMessage) {
        queues[message.topicPartition, default: []].append(Entry(message: message, finished: nil))
    }

    /// Records `message` as finished (or not) and returns the records now ready to be marked done.
    public mutating func finished(_ message: KafkaConsumerMessage, completed: Bool) -> [KafkaConsumerMessage] {
        let partition = message.topicPartition
        guard var queue = queues[partition], let index = queue.firstIndex(where: { $0.message.offset == message.offset }) else {
            return []
        }
        queue[index].finished = completed
        if !completed { blocked.insert(partition) }
        var ready: [KafkaConsumerMessage] = []
        while !blocked.contains(partition), let head = queue.first, head.finished == true {
            ready.append(head.message)
            queue.removeFirst()
        }
        queues[partition] = queue
        return ready
    }
}
