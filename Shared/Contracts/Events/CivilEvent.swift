import Foundation

/// An event type of the public interface. Its JSON form is described by a JSON Schema file in
/// `Shared/Contracts/Schemas/<eventType>.json`, which a test keeps in step with the Swift type.
///
/// Evolution rule: within a version (`.v1`) only optional fields may be added. Removing or
/// renaming a field, making one required, or changing its type or meaning needs a new event type
/// and topic version (`.v2`), published beside the old one until its readers have moved.
public protocol CivilEvent: Codable, Sendable, Equatable {
    /// The CloudEvents `type`, e.g. `civil.registration.person.snapshot.v1`.
    static var eventType: String { get }
    /// The topic that carries this event.
    static var topic: TopicSpec { get }
    /// The record key (what the catalog entry says the key is), so that events about the same
    /// thing stay in order.
    var partitionKey: String { get }
    /// An instance with every optional field set: shown to analysts and checked against the schema.
    static var example: Self { get }
    /// An instance with only the required fields set.
    static var minimalExample: Self { get }
}

extension CivilEvent {
    /// The `ce_dataschema` of this type; the schema's file is ``schemaFile``.
    public static var dataSchema: String { "urn:civil-affairs:schema:\(eventType)" }
    /// The schema's path in the repository.
    public static var schemaFile: String { "Shared/Contracts/Schemas/\(eventType).json" }

    /// The envelope for this event. `id` must be stable: a republished event keeps it.
    public func cloudEvent(id: String, time: Date) throws -> CloudEvent {
        CloudEvent(
            id: id, source: Self.topic.writer.eventSource, type: Self.eventType, time: time,
            subject: partitionKey, dataSchema: Self.dataSchema, data: try CivilEventCoding.encoder.encode(self))
    }

    /// Reads the event's data.
    /// - Throws: ``CivilEventDecodingError`` when the type differs or the data does not decode.
    public init(cloudEvent event: CloudEvent) throws(CivilEventDecodingError) {
        guard event.type == Self.eventType else {
            throw CivilEventDecodingError(eventType: Self.eventType, reason: "ce_type is '\(event.type)'")
        }
        do {
            self = try CivilEventCoding.decoder.decode(Self.self, from: event.data)
        } catch let error as DecodingError {
            throw CivilEventDecodingError(eventType: Self.eventType, reason: error.readableDescription)
        } catch {
            throw CivilEventDecodingError(eventType: Self.eventType, reason: "\(error)")
        }
    }
}

/// Why an event's data does not fit its type; a dead-letter record carries this text.
public struct CivilEventDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let eventType: String
    public let reason: String

    public init(eventType: String, reason: String) {
        self.eventType = eventType
        self.reason = reason
    }

    public var description: String { "\(eventType): \(reason)" }
}

/// The one JSON form of events: camelCase keys, sorted; times as RFC 3339 UTC instants.
public enum CivilEventCoding {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

extension DecodingError {
    /// Names the JSON path and the problem, without echoing values (which may be personal data).
    public var readableDescription: String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty ? "the top level" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch self {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case .typeMismatch(let type, let context):
            return "'\(path(context.codingPath))' is not a \(type)"
        case .valueNotFound(let type, let context):
            return "'\(path(context.codingPath))' is null, expected \(type)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "'\(path(context.codingPath))' has an invalid value"
        @unknown default:
            return "undecodable"
        }
    }
}
