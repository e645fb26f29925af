import ArgumentParser
import Contracts
import Foundation
import Kafka
import Logging

/// Prints the topic catalog, so that an operator or analyst can see every topic, its key,
/// partitions, retention, writer and readers without reading Swift.
@main
struct CivilTopics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civil-topics",
        abstract: "Print the catalog of Kafka topics and their event types.",
        discussion: """
            docs/topics.md is the output of --format markdown. With --create, creates the catalog topics \
            (and their dead-letter topics) on a cluster instead, leaving existing ones as they are: the \
            one-shot topic job of docker-compose.yml.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case markdown
        case tsv
        /// NAME:PARTITIONS per line, for scripts that create topics.
        case names
        /// Strimzi KafkaTopic and KafkaUser resources (deploy/base/kafka.yaml).
        case strimzi
    }

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format = Format.text

    @Option(help: "Only the topics this service writes or reads: \(CivilService.allCases.map(\.rawValue).joined(separator: ", ")).")
    var service: String?

    @Flag(help: "With --format names: include each topic's dead-letter topic.")
    var deadLetters = false

    @Option(help: "Print an example event of this type (its ce_type) as JSON, and exit.")
    var example: String?

    @Option(help: "Create the topics (those of --service, or all) on this cluster (host:port[,host:port...]), and exit.")
    var create: String?

    @Option(help: "With --create: replicas per partition.")
    var replicationFactor = 3

    @Option(help: "With --create: librdkafka properties for the admin client (key=value,...), e.g. TLS or SASL.")
    var kafkaProperties: String?

    func run() async throws {
        if let example {
            guard let type = TopicCatalog.eventTypes.first(where: { $0.eventType == example }) else {
                throw ValidationError("no event type '\(example)'; see the 'event types' column")
            }
            print(try exampleJSON(type))
            return
        }
        var topics = TopicCatalog.all
        if let service {
            guard let chosen = CivilService(rawValue: service) else {
                throw ValidationError("--service expects one of \(CivilService.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            topics = topics.filter { $0.writer == chosen || $0.readers.contains(chosen) }
        }
        if let create {
            try await createTopics(topics, bootstrap: create)
            return
        }
        switch format {
        case .text: print(TopicCatalog.textTable(topics), terminator: "")
        case .markdown: print(TopicCatalog.markdown(), terminator: "")
        case .strimzi: print(TopicCatalog.strimziResources(), terminator: "")
        case .tsv:
            for row in [TopicCatalog.tableColumns] + TopicCatalog.tableRows(topics) {
                print(row.joined(separator: "\t"))
            }
        case .names:
            for topic in topics {
                print("\(topic.name):\(topic.partitions)")
                if deadLetters { print("\(topic.deadLetterTopic):1") }
            }
        }
    }

    private func createTopics(_ topics: [TopicSpec], bootstrap: String) async throws {
        guard let properties = KafkaClientConfiguration.properties(parsing: kafkaProperties ?? "") else {
            throw ValidationError("--kafka-properties expects key=value pairs separated by commas")
        }
        let admin = try KafkaAdmin(
            client: KafkaClientConfiguration(
                bootstrapServers: bootstrap, clientID: "civil-topics", statisticsInterval: nil, properties: properties),
            logger: Logger(label: "civil-topics"))
        try await admin.createCatalogTopics(topics, replicationFactor: replicationFactor)
        for topic in topics {
            let described = try await admin.describeTopic(topic.name)
            print("\(topic.name): \(described.partitions.count) partitions")
        }
    }

    private func exampleJSON<Event: CivilEvent>(_ type: Event.Type) throws -> String {
        let encoder = CivilEventCoding.encoder
        encoder.outputFormatting.insert(.prettyPrinted)
        return String(decoding: try encoder.encode(type.example), as: UTF8.self)
    }
}
