import Contracts
import Foundation
import Testing

/// The JSON Schema files are the contract analysts read; these tests fail when a Swift event
/// type and its schema disagree.
@Suite("Event types agree with their JSON Schemas")
struct EventSchemaTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func schema(of type: any CivilEvent.Type) throws -> JSONValue {
        try JSONValue.parse(Data(contentsOf: repositoryRoot.appendingPathComponent(type.schemaFile)))
    }

    static func json<Event: CivilEvent>(_ event: Event) throws -> JSONValue {
        try JSONValue.parse(CivilEventCoding.encoder.encode(event))
    }

    static let eventTypeNames = TopicCatalog.eventTypes.map { $0.eventType }

    @Test("every catalog event type has a schema file that names it", arguments: eventTypeNames)
    func schemaFileExists(eventType: String) throws {
        let type = try #require(TopicCatalog.eventTypes.first { $0.eventType == eventType })
        let schema = try Self.schema(of: type).object ?? [:]
        #expect(schema["title"]?.string == eventType)
        #expect(schema["$id"]?.string == type.dataSchema)
        #expect(schema["$schema"]?.string == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["type"]?.string == "object")
    }

    @Test("the full and the minimal example validate against the schema", arguments: eventTypeNames)
    func examplesValidate(eventType: String) throws {
        let type = try #require(TopicCatalog.eventTypes.first { $0.eventType == eventType })
        try Self.checkExamples(type)
    }

    static func checkExamples<Event: CivilEvent>(_ type: Event.Type) throws {
        let schema = try schema(of: type)
        for example in [type.example, type.minimalExample] {
            let violations = JSONSchemaValidator.violations(of: try json(example), against: schema)
            #expect(violations.isEmpty, "\(type.eventType): \(violations)")
        }
    }

    @Test("schema properties are the Swift fields, and required ones are the non-optional fields",
          arguments: eventTypeNames)
    func fieldsAgree(eventType: String) throws {
        let type = try #require(TopicCatalog.eventTypes.first { $0.eventType == eventType })
        try Self.checkFields(type)
    }

    static func checkFields<Event: CivilEvent>(_ type: Event.Type) throws {
        let schema = try schema(of: type).object ?? [:]
        let properties = Set(schema["properties"]?.object?.keys ?? [:].keys)
        let required = Set(schema["required"]?.array?.compactMap(\.string) ?? [])
        // `example` sets every optional field, so it encodes every field the type has.
        let allFields = Set(try json(type.example).object?.keys ?? [:].keys)
        #expect(properties.subtracting(allFields).isEmpty,
                "\(type.eventType): schema has \(properties.subtracting(allFields).sorted()) that the Swift type lacks (or its example leaves nil)")
        #expect(allFields.subtracting(properties).isEmpty,
                "\(type.eventType): Swift type has \(allFields.subtracting(properties).sorted()) that the schema lacks")
        // `minimalExample` sets only what the type requires.
        let requiredFields = Set(try json(type.minimalExample).object?.keys ?? [:].keys)
        #expect(required == requiredFields,
                "\(type.eventType): schema requires \(required.sorted()), the Swift type requires \(requiredFields.sorted())")
        // A record missing a required field must not decode.
        for field in required {
            var object = try json(type.example).object ?? [:]
            object.removeValue(forKey: field)
            let data = try JSONSerialization.data(withJSONObject: object.mapValues(\.foundationValue))
            #expect(throws: (any Error).self, "\(type.eventType) decoded without '\(field)'") {
                try CivilEventCoding.decoder.decode(Event.self, from: data)
            }
        }
    }

    @Test("the Schemas folder holds no schema without an event type")
    func noOrphanSchemas() throws {
        let folder = Self.repositoryRoot.appendingPathComponent("Shared/Contracts/Schemas")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files) == Set(Self.eventTypeNames.map { $0 + ".json" }))
    }

    @Test("the validator catches a missing field, a wrong type, an unknown enum value and a bad pattern")
    func validatorRefusesBadInstances() throws {
        let schema = try Self.schema(of: BenefitDecision.self)
        var decision = try Self.json(BenefitDecision.example).object ?? [:]
        decision.removeValue(forKey: "decidedBy")
        decision["monthlyAmountFen"] = .number(420.5)
        decision["program"] = .string("free-money")
        decision["effectiveMonth"] = .string("2026-13")
        let violations = JSONSchemaValidator.violations(of: .object(decision), against: schema)
        #expect(Set(violations) == [
            "$: required 'decidedBy' is missing", "$.monthlyAmountFen: expected integer",
            "$.program: not one of the enumerated values",
            #"$.effectiveMonth: does not match ^[0-9]{4}-(0[1-9]|1[0-2])$"#,
        ])
    }

    @Test("an event goes into its envelope with its catalog type, schema and key, and comes back")
    func envelopeRoundTrip() throws {
        let decision = BenefitDecision.example
        let event = try decision.cloudEvent(id: "D-2026-000451", time: Date(timeIntervalSince1970: 1_795_000_000))
        #expect(event.type == "civil.registration.decision.made.v1")
        #expect(event.source == "/civil-affairs/registration")
        #expect(event.dataSchema == "urn:civil-affairs:schema:civil.registration.decision.made.v1")
        #expect(event.subject == decision.householdId)
        #expect(try BenefitDecision(cloudEvent: event) == decision)
        #expect(throws: CivilEventDecodingError.self) { try PaymentResult(cloudEvent: event) }
        var broken = event
        broken.data = Data(#"{"decisionId":"D-1"}"#.utf8)
        #expect(throws: CivilEventDecodingError(
            eventType: BenefitDecision.eventType, reason: "missing field 'applicationId'")) {
            try BenefitDecision(cloudEvent: broken)
        }
    }
}

extension JSONValue {
    var foundationValue: Any {
        switch self {
        case .null: NSNull()
        case .bool(let value): value
        case .integer(let value): value
        case .number(let value): value
        case .string(let value): value
        case .array(let values): values.map(\.foundationValue)
        case .object(let fields): fields.mapValues(\.foundationValue)
        }
    }
}
