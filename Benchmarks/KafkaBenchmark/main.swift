import CRdKafka
import CRdKafkaBaseline
import Foundation
import Kafka
import Logging
import Synchronization

// Producer and consumer throughput of the Swift wrapper against plain C loops over librdkafka,
// in one process against one embedded broker, and the consumer's peak memory. Prints ratios;
// never part of `make test`.

// KAFKA_BENCH_DEBUG=fetch,msg,… turns on librdkafka's debug contexts in the Swift clients and
// prints their logs, to see where a slow run waits.
let debugContexts = ProcessInfo.processInfo.environment["KAFKA_BENCH_DEBUG"]
let logger: Logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = debugContexts == nil ? .error : .debug
    return logger
}()
let partitions = 64
let quick = ProcessInfo.processInfo.environment["KAFKA_BENCH_QUICK"] != nil
let rounds = quick ? 1 : 7
// KAFKA_BENCH_VERBOSE prints every round's rates, not only the medians.
let verbose = ProcessInfo.processInfo.environment["KAFKA_BENCH_VERBOSE"] != nil
let broker = try EmbeddedKafkaBroker(brokers: 1, logger: logger)
/// Set on both sides (the C loop sets it too). With librdkafka's default of 50 MB, each fetch
/// answer needed a buffer above glibc's largest mmap threshold (32 MB), freshly mapped and
/// faulted in page by page at both ends, and a fetch round trip took 34-195 ms: both consumers'
/// 1 KB rates then swung between 380k and 1M msg/s, by how the fetches fell.
let fetchMaxBytes = 8 * 1024 * 1024
let client = KafkaClientConfiguration(
    bootstrapServers: broker.bootstrapServers, clientID: "bench", statisticsInterval: nil,
    properties: (debugContexts.map { ["debug": $0, "log_level": "7"] } ?? ["log_level": "3"])
        .merging(["fetch.max.bytes": String(fetchMaxBytes)]) { given, _ in given })
let topicNumber = Synchronization.Atomic<Int>(0)
/// What the embedded broker keeps of each partition: the newest 5 MB (librdkafka 2.0.2's mock).
let keptPerPartition = 5 * 1024 * 1024

/// A group that has committed nothing, so that its consumer reads the topic from the start.
func newGroup(_ side: String) -> String {
    "\(side)-\(topicNumber.wrappingAdd(1, ordering: .relaxed).newValue)"
}

func newTopic() throws -> String {
    let name = "bench.topic.\(topicNumber.wrappingAdd(1, ordering: .relaxed).newValue)"
    try broker.createTopic(name, partitions: partitions)
    return name
}

/// Fills a topic with as much as the embedded broker keeps of it, untimed. Until a topic holds
/// that much, the broker only grows, and producing 1 KB messages there ran at 260k-470k msg/s on
/// both sides against 800k-1M once it recycles its oldest data; which rounds fell before the
/// turn decided the medians. Filled first, every round meets the broker in the steady state a
/// long-lived cluster is in.
func fillToRetention(_ topic: String, size: Int) {
    _ = cProduce(topic: topic, count: keptRecords(size: size), size: size)
}

/// How many records of `size` bytes the embedded broker keeps of a topic, counting about 70
/// bytes of record and batch overhead each.
func keptRecords(size: Int) -> Int { partitions * keptPerPartition / (size + 70) }

func swiftProduce(topic: String, count: Int, size: Int) async throws -> Double {
    let producer = try KafkaProducer(
        configuration: KafkaProducerConfiguration(client: client, linger: .milliseconds(5), maxQueuedMessages: 100_000),
        logger: logger)
    let payload = Data(repeating: UInt8(ascii: "x"), count: size)
    let keys = (0..<1000).map { Data("k\($0)".utf8) }
    // One delivered message first, as the C side does: the clock then measures producing, not
    // the connection, metadata and producer-id start-up (tens of milliseconds, varying).
    try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: payload))
    let clock = ContinuousClock()
    let start = clock.now
    let counter = Task {
        var delivered = 0
        var failed = 0
        for await report in producer.deliveryReports {
            if report.isDelivered { delivered += 1 } else { failed += 1 }
            if delivered + failed == count { break }
        }
        return failed
    }
    for index in 0..<count {
        try await producer.enqueue(KafkaProducerMessage(topic: topic, key: keys[index % 1000], value: payload))
    }
    let failed = await counter.value
    let elapsed = clock.now - start
    await producer.shutdown()
    precondition(failed == 0, "\(failed) deliveries failed")
    return elapsed.seconds
}

/// The consumers' local queue (`queued.max.messages.kbytes`) in the throughput runs: room for
/// all the topic holds (`keptPerPartition` in each partition), on both
/// sides. With less, the C loop stops for a second whenever its queue fills (librdkafka 2.0.2
/// fetches again only when the broker thread next wakes, confluentinc/librdkafka#2879); the
/// Swift consumer works around that, so the ratio would measure the bug rather than the
/// wrapper. The memory run keeps the default, 16 MB.
let wholeTopicPrefetch = partitions * keptPerPartition / 1024 + 16_384

func swiftConsume(topic: String, count: Int, prefetchKilobytes: Int) async throws -> Double {
    let consumer = try KafkaConsumer(
        configuration: KafkaConsumerConfiguration(
            client: client, groupID: newGroup("swift"), topics: [topic], prefetchKilobytes: prefetchKilobytes),
        logger: logger)
    let clock = ContinuousClock()
    var start = clock.now
    var received = 0
    var bytes = 0
    for try await message in consumer.messages {
        if received == 0 { start = clock.now }
        bytes += (message.value?.count ?? 0) + (message.key?.count ?? 0)
        consumer.markDone(message)
        received += 1
        if received == count { break }
    }
    let elapsed = clock.now - start
    await consumer.shutdown()
    precondition(bytes > 0)
    return elapsed.seconds
}

func cProduce(topic: String, count: Int, size: Int) -> Double {
    let seconds = civil_baseline_produce(broker.bootstrapServers, topic, Int32(count), Int32(size))
    precondition(seconds > 0, "C baseline produce failed")
    return seconds
}

func cConsume(topic: String, count: Int, prefetchKilobytes: Int) -> Double {
    let seconds = civil_baseline_consume(
        broker.bootstrapServers, topic, newGroup("c"), Int32(count), Int32(prefetchKilobytes), Int32(fetchMaxBytes))
    precondition(seconds > 0, "C baseline consume failed")
    return seconds
}

/// CPU time the whole process (every thread, the embedded broker's included) has used.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Resident memory now, from /proc (Linux).
func residentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = Int(statm.split(separator: " ")[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func rate(_ count: Int, _ seconds: Double) -> String {
    String(format: "%10.0f msg/s", Double(count) / seconds)
}

print("Kafka benchmark: librdkafka \(String(cString: rd_kafka_version_str())), embedded broker, \(partitions) partitions, median of \(rounds) rounds")
print("")
var worst = Double.infinity
// KAFKA_BENCH_RUNS=size:count,… replaces the default runs, e.g. to see how a rate scales with the count.
let runs: [(Int, Int)] = ProcessInfo.processInfo.environment["KAFKA_BENCH_RUNS"].map { text in
    text.split(separator: ",").compactMap { run in
        let parts = run.split(separator: ":").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }
} ?? (quick ? [(100, 200_000)] : [(100, 200_000), (1024, 200_000)])
// A consumer waiting for more than the broker keeps of a run's topic would wait for ever.
for (size, count) in runs where count > keptRecords(size: size) {
    fatalError("KAFKA_BENCH_RUNS: \(count) messages of \(size) bytes exceed the \(keptPerPartition / 1024 / 1024) MB per partition the embedded broker keeps")
}
// KAFKA_BENCH_ONLY=c-produce|swift-produce|c-consume|swift-consume runs that one side once and
// prints its rate, for profiling one client at a time.
if let only = ProcessInfo.processInfo.environment["KAFKA_BENCH_ONLY"], let (size, count) = runs.first {
    let topic = try newTopic()
    fillToRetention(topic, size: size)
    if only.hasSuffix("consume") { _ = cProduce(topic: topic, count: count, size: size) }
    let cpuBefore = processCPUSeconds()
    let seconds = switch only {
    case "c-produce": cProduce(topic: topic, count: count, size: size)
    case "swift-produce": try await swiftProduce(topic: topic, count: count, size: size)
    case "c-consume": cConsume(topic: topic, count: count, prefetchKilobytes: wholeTopicPrefetch)
    case "swift-consume": try await swiftConsume(topic: topic, count: count, prefetchKilobytes: wholeTopicPrefetch)
    default: fatalError("KAFKA_BENCH_ONLY: c-produce, swift-produce, c-consume or swift-consume")
    }
    let cpu = processCPUSeconds() - cpuBefore
    print("\(only) \(size)-byte messages: \(rate(count, seconds)), \(String(format: "%.2f", cpu)) CPU-s for the process")
    broker.shutdown()
    exit(0)
}
for (size, count) in runs {
    var cProduceTimes: [Double] = [], swiftProduceTimes: [Double] = []
    var cConsumeTimes: [Double] = [], swiftConsumeTimes: [Double] = []
    // Every round writes to the same two topics. The embedded broker keeps the newest 5 MB of
    // each partition, so the process stays near a gigabyte. With new topics every round it grew
    // to 4 GB, and from the second round on both sides produced 1 KB messages at 250k-470k
    // msg/s instead of 600k-700k.
    let cTopic = try newTopic()
    let swiftTopic = try newTopic()
    fillToRetention(cTopic, size: size)
    fillToRetention(swiftTopic, size: size)
    for round in 0..<rounds {
        // The side that goes first alternates between rounds, so that neither always meets
        // the broker just after the other's run.
        let swiftFirst = round % 2 == 1
        if swiftFirst { swiftProduceTimes.append(try await swiftProduce(topic: swiftTopic, count: count, size: size)) }
        cProduceTimes.append(cProduce(topic: cTopic, count: count, size: size))
        if !swiftFirst { swiftProduceTimes.append(try await swiftProduce(topic: swiftTopic, count: count, size: size)) }
        // Both consumers read the topic the C loop wrote, each as a new group from its start,
        // so that only the consuming client differs.
        if swiftFirst {
            swiftConsumeTimes.append(try await swiftConsume(topic: cTopic, count: count, prefetchKilobytes: wholeTopicPrefetch))
        }
        cConsumeTimes.append(cConsume(topic: cTopic, count: count, prefetchKilobytes: wholeTopicPrefetch))
        if !swiftFirst {
            swiftConsumeTimes.append(try await swiftConsume(topic: cTopic, count: count, prefetchKilobytes: wholeTopicPrefetch))
        }
        if verbose {
            print("  round \(round + 1): produce C \(rate(count, cProduceTimes[round])) Swift \(rate(count, swiftProduceTimes[round])); consume C \(rate(count, cConsumeTimes[round])) Swift \(rate(count, swiftConsumeTimes[round]))")
        }
    }
    let produceRatio = median(cProduceTimes) / median(swiftProduceTimes)
    let consumeRatio = median(cConsumeTimes) / median(swiftConsumeTimes)
    worst = min(worst, produceRatio, consumeRatio)
    print("\(size)-byte messages, \(count) per run")
    print("  produce  C \(rate(count, median(cProduceTimes)))   Swift \(rate(count, median(swiftProduceTimes)))   Swift/C \(String(format: "%.2f", produceRatio))")
    print("  consume  C \(rate(count, median(cConsumeTimes)))   Swift \(rate(count, median(swiftConsumeTimes)))   Swift/C \(String(format: "%.2f", consumeRatio))")
}

// Peak memory of the Swift consumer over 1,000,000 messages: resident growth while consuming.
let memoryCount = quick ? 100_000 : 1_000_000
let memoryTopic = try newTopic()
_ = cProduce(topic: memoryTopic, count: memoryCount, size: 100)
let before = residentBytes()
let sampler = Task {
    var peak = 0
    while !Task.isCancelled {
        peak = max(peak, residentBytes())
        try? await Task.sleep(for: .milliseconds(20))
    }
    return peak
}
_ = try await swiftConsume(topic: memoryTopic, count: memoryCount, prefetchKilobytes: 16_384)
sampler.cancel()
let peakGrowth = max(0, await sampler.value - before)
print("")
print(String(format: "consumer peak memory over %d messages: %.1f MB above the %.1f MB before (limit 200 MB)",
             memoryCount, Double(peakGrowth) / 1e6, Double(before) / 1e6))
print(String(format: "lowest Swift/C ratio: %.2f (target >= 0.90)", worst))
broker.shutdown()
