import Contracts
import Foundation
import Testing

@Suite("Topic catalog")
struct TopicCatalogTests {
    @Test("names follow civil.<domain>.<entity>.v<N>, are unique, and dead letters are <topic>.dlq")
    func names() {
        let names = TopicCatalog.all.map(\.name)
        #expect(Set(names).count == names.count)
        for topic in TopicCatalog.all {
            #expect(topic.name.range(of: #"^civil\.[a-z]+\.[a-z]+\.v[1-9][0-9]*$"#, options: .regularExpression) != nil,
                    "\(topic.name)")
            #expect(topic.deadLetterTopic == topic.name + ".dlq")
            #expect(topic.partitions > 0)
            #expect(!topic.readers.isEmpty, "\(topic.name) has no reader")
            #expect(!topic.eventTypes.isEmpty, "\(topic.name) carries no event type")
        }
    }

    @Test("each event type names the topic that lists it, and its ce_type is unique")
    func eventTypesBelongToTheirTopic() {
        for topic in TopicCatalog.all {
            for type in topic.eventTypes {
                #expect(type.topic.name == topic.name, "\(type.eventType)")
                #expect(type.eventType.wholeMatch(of: /civil\.[a-z-]+\.[a-z.-]+\.v[1-9][0-9]*/) != nil, "\(type.eventType)")
            }
        }
        let types = TopicCatalog.eventTypes.map { $0.eventType }
        #expect(Set(types).count == types.count)
    }

    @Test("compacted topics keep records for ever; restricted topics are read only by services")
    func policies() {
        for topic in TopicCatalog.all where topic.cleanupPolicy == .compact {
            #expect(topic.retention == .forever, "\(topic.name)")
        }
        for topic in TopicCatalog.all where topic.classification == .restricted {
            #expect(!topic.readers.contains(.analytics), "\(topic.name) is restricted but analysts read it")
        }
        #expect(TopicCatalog.contact.readers == [.alerts])
    }

    @Test("docs/topics.md is the catalog as civil-topics prints it")
    func documentationIsCurrent() throws {
        let path = EventSchemaTests.repositoryRoot.appendingPathComponent("docs/topics.md")
        let committed = try String(contentsOf: path, encoding: .utf8)
        #expect(committed == TopicCatalog.markdown(),
                "docs/topics.md is out of date: run `swift run civil-topics --format markdown > docs/topics.md`")
    }

    @Test("the text table has one line per topic and every column")
    func textTable() {
        let lines = TopicCatalog.textTable().split(separator: "\n")
        #expect(lines.count == TopicCatalog.all.count + 1)
        #expect(lines[0].hasPrefix("topic"))
        #expect(lines[1].contains("civil.registration.household.v1") && lines[1].contains("compact"))
    }

    @Test("topics a service writes and reads")
    func serviceViews() {
        #expect(TopicCatalog.written(by: .registration).map(\.name).contains("civil.registration.decision.v1"))
        #expect(TopicCatalog.read(by: .relief).map(\.name).contains("civil.treasury.payment.v1"))
        #expect(!TopicCatalog.read(by: .relief).contains { $0.name == TopicCatalog.contact.name })
    }
}
