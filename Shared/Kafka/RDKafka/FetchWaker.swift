import CRdKafka
import Foundation
import Synchronization

/// Restarts librdkafka's fetching after the application has drained a full consumer queue.
///
/// librdkafka 2.0.2 stops fetching once the consumer queue holds `queued.max.messages.kbytes`,
/// and looks again only when the partition leader's broker thread next wakes, which with
/// nothing else to do is a second later (confluentinc/librdkafka#2879; version 2.2 makes the
/// wait a setting, `fetch.queue.backoff.ms`). A consumer that empties its queue in less than
/// that sat idle for the rest of the second. Any request to a leader wakes its broker thread,
/// which then fetches again: this asks the leaders for the partitions' latest offsets
/// (ListOffsets, one request per leader) on a thread of its own, one wake-up at a time.
final class FetchWaker: Sendable {
    private let handle: RDKafkaHandle
    private let busy = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)
    private let running = DispatchGroup()
    private let started = Atomic<Int>(0)

    init(handle: RDKafkaHandle) {
        self.handle = handle
    }

    /// Wakes the broker threads that lead `partitions`; does nothing while a wake-up is under way.
    func wake(_ partitions: Set<KafkaTopicPartition>) {
        guard !partitions.isEmpty, !busy.exchange(true, ordering: .acquiringAndReleasing) else { return }
        running.enter()
        guard !stopped.load(ordering: .sequentiallyConsistent) else {
            busy.store(false, ordering: .releasing)
            running.leave()
            return
        }
        started.add(1, ordering: .relaxed)
        let thread = Thread { [self] in
            defer {
                busy.store(false, ordering: .releasing)
                running.leave()
            }
            _ = RDKafkaTopicPartitionList.with(partitions.map { ($0, Int64(RD_KAFKA_OFFSET_END)) }) {
                rd_kafka_offsets_for_times(handle.pointer, $0, 1000)
            }
        }
        thread.name = "kafka-fetch-waker"
        thread.start()
    }

    /// Wake-ups started so far.
    var wakeUps: Int { started.load(ordering: .relaxed) }

    /// Waits for a wake-up under way and refuses new ones, so the handle can be destroyed.
    /// Blocks: call it on a blocking thread.
    func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        running.wait()
    }
}
