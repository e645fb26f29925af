import Foundation

/// The envelope of every event on our topics: CloudEvents 1.0 in Kafka binary mode. The record
/// value is the JSON data; the attributes travel as `ce_*` headers, so that an analyst's
/// consumer in any language can route and deduplicate without parsing the value.
public struct CloudEvent: Sendable, Equatable {
    public static let specVersion = "1.0"
    public static let jsonContentType = "application/json"

    /// Stable across redelivery and republication: consumers deduplicate on it.
    public var id: String
    /// The producing service, e.g. `/civil-affairs/registration`.
    public var source: String
    /// e.g. `civil.registration.household.registered.v1`.
    public var type: String
    public var time: Date
    /// What the event is about (a household id, an alert id); never personal data.
    public var subject: String?
    /// Where the JSON Schema of `data` lives.
    public var dataSchema: String?
    public var dataContentType: String
    public var data: Data

    public init(
        id: String, source: String, type: String, time: Date, subject: String? = nil,
        dataSchema: String? = nil, dataContentType: String = CloudEvent.jsonContentType, data: Data
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.time = time
        self.subject = subject
        self.dataSchema = dataSchema
        self.dataContentType = dataContentType
        self.data = data
    }
}

/// Why a record is not a valid event; names the header so that a dead-letter record says
/// exactly what to fix.
public struct CloudEventError: Error, Sendable, Equatable, CustomStringConvertible {
    public let header: String
    public let reason: String

    public init(header: String, reason: String) {
        self.header = header
        self.reason = reason
    }

    public var description: String { "invalid event: \(header): \(reason)" }
}
