import ArgumentParser
import Contracts
import Foundation

/// Prints the topic catalog, so that an operator or analyst can see every topic, its key,
/// partitions, retention, writer and readers without reading Swift.
@main
struct CivilTopics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civil-topics",
        abstract: "Print the catalog of Kafka topics and their event types.",
        discussion: "docs/topics.md is the output of --format markdown.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case markdown
        case tsv
        /// NAME:PARTITIONS per line, for scripts that create topics.
        case names
    }

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format = Format.text

    @Option(help: "Only the topics this service writes or reads: \(CivilService.allCases.map(\.rawValue).joined(separator: ", ")).")
    var service: String?

    @Flag(help: "With --format names: include each topic's dead-letter topic.")
    var deadLetters = false

    @Option(help: "Print an example event of this type (its ce_type) as JSON, and exit.")
    var example: String?

    func run() throws {
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
        switch format {
        case .text: print(TopicCatalog.textTable(topics), terminator: "")
        case .markdown: print(TopicCatalog.markdown(), terminator: "")
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

    private func exampleJSON<Event: CivilEvent>(_ type: Event.Type) throws -> String {
        let encoder = CivilEventCoding.encoder
        encoder.outputFormatting.insert(.prettyPrinted)
        return String(decoding: try encoder.encode(type.example), as: UTF8.self)
    }
}
