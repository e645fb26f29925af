import ArgumentParser
import Contracts
import Foundation
import Kafka
import Logging
import ServiceLifecycle

/// Starts the embedded Kafka broker on loopback for local runs and prints where it listens.
@main
struct CivilBroker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civil-broker",
        abstract: "Run an in-process Kafka cluster (librdkafka's mock cluster) on loopback until SIGINT or SIGTERM.",
        discussion: """
            The cluster keeps no data across restarts, has no TLS or SASL and no compaction. \
            Its ports are chosen by the system; read them from the first line of output or \
            from --bootstrap-file.
            """)

    @Option(help: "Number of brokers.")
    var brokers = 3

    @Flag(inversion: .prefixedNo, help: "Create every catalog topic and its dead-letter topic (see civil-topics).")
    var catalog = true

    @Option(name: .customLong("topic"), help: "A topic to create, as NAME:PARTITIONS (repeatable).")
    var topics: [String] = []

    @Option(help: "Write the bootstrap servers to this file (for scripts that start services).")
    var bootstrapFile: String?

    func run() async throws {
        let logger = Logger(label: "civil-broker")
        let broker = try EmbeddedKafkaBroker(brokers: brokers, logger: logger)
        if catalog { try broker.createCatalogTopics() }
        for spec in topics {
            let parts = spec.split(separator: ":")
            guard parts.count == 2, let partitions = Int(parts[1]), partitions > 0 else {
                throw ValidationError("--topic expects NAME:PARTITIONS, got '\(spec)'")
            }
            try broker.createTopic(String(parts[0]), partitions: partitions, replicationFactor: min(3, brokers))
        }
        if let bootstrapFile {
            try (broker.bootstrapServers + "\n").write(toFile: bootstrapFile, atomically: true, encoding: .utf8)
        }
        print("bootstrap servers: \(broker.bootstrapServers)")
        fflush(nil)
        let group = ServiceGroup(
            services: [broker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
        if let bootstrapFile { try? FileManager.default.removeItem(atPath: bootstrapFile) }
    }
}
