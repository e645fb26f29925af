import Foundation

/// A CAP 1.2 alert message (OASIS Common Alerting Protocol), element for element. Values are
/// kept as the text the sender wrote (times included), so an alert is served back exactly as
/// received; ``CAPValidator`` checks them. The same type is the JSON form: field names are the
/// CAP element names, repeated elements are arrays.
public struct CAPAlert: Codable, Sendable, Equatable {
    public var identifier: String
    public var sender: String
    public var sent: String
    public var status: String
    public var msgType: String
    public var source: String?
    public var scope: String
    public var restriction: String?
    public var addresses: String?
    public var code: [String]?
    public var note: String?
    /// Space-separated `sender,identifier,sent` triples of earlier alerts.
    public var references: String?
    public var incidents: String?
    public var info: [Info]?

    public init(
        identifier: String, sender: String, sent: String, status: String, msgType: String, source: String? = nil,
        scope: String, restriction: String? = nil, addresses: String? = nil, code: [String]? = nil, note: String? = nil,
        references: String? = nil, incidents: String? = nil, info: [Info]? = nil
    ) {
        self.identifier = identifier
        self.sender = sender
        self.sent = sent
        self.status = status
        self.msgType = msgType
        self.source = source
        self.scope = scope
        self.restriction = restriction
        self.addresses = addresses
        self.code = code
        self.note = note
        self.references = references
        self.incidents = incidents
        self.info = info
    }

    public struct Info: Codable, Sendable, Equatable {
        public var language: String?
        public var category: [String]
        public var event: String
        public var responseType: [String]?
        public var urgency: String
        public var severity: String
        public var certainty: String
        public var audience: String?
        public var eventCode: [NamedValue]?
        public var effective: String?
        public var onset: String?
        public var expires: String?
        public var senderName: String?
        public var headline: String?
        public var description: String?
        public var instruction: String?
        public var web: String?
        public var contact: String?
        public var parameter: [NamedValue]?
        public var resource: [Resource]?
        public var area: [Area]?

        public init(
            language: String? = nil, category: [String], event: String, responseType: [String]? = nil, urgency: String,
            severity: String, certainty: String, audience: String? = nil, eventCode: [NamedValue]? = nil,
            effective: String? = nil, onset: String? = nil, expires: String? = nil, senderName: String? = nil,
            headline: String? = nil, description: String? = nil, instruction: String? = nil, web: String? = nil,
            contact: String? = nil, parameter: [NamedValue]? = nil, resource: [Resource]? = nil, area: [Area]? = nil
        ) {
            self.language = language
            self.category = category
            self.event = event
            self.responseType = responseType
            self.urgency = urgency
            self.severity = severity
            self.certainty = certainty
            self.audience = audience
            self.eventCode = eventCode
            self.effective = effective
            self.onset = onset
            self.expires = expires
            self.senderName = senderName
            self.headline = headline
            self.description = description
            self.instruction = instruction
            self.web = web
            self.contact = contact
            self.parameter = parameter
            self.resource = resource
            self.area = area
        }
    }

    /// `eventCode`, `parameter` and `geocode`: a system-specific name and its value.
    public struct NamedValue: Codable, Sendable, Equatable {
        public var valueName: String
        public var value: String

        public init(valueName: String, value: String) {
            self.valueName = valueName
            self.value = value
        }
    }

    public struct Resource: Codable, Sendable, Equatable {
        public var resourceDesc: String
        public var mimeType: String
        public var size: String?
        public var uri: String?
        public var derefUri: String?
        public var digest: String?

        public init(resourceDesc: String, mimeType: String, size: String? = nil, uri: String? = nil,
                    derefUri: String? = nil, digest: String? = nil) {
            self.resourceDesc = resourceDesc
            self.mimeType = mimeType
            self.size = size
            self.uri = uri
            self.derefUri = derefUri
            self.digest = digest
        }
    }

    public struct Area: Codable, Sendable, Equatable {
        public var areaDesc: String
        /// Each: space-separated `lat,lon` pairs, first equal to last.
        public var polygon: [String]?
        /// Each: `lat,lon radius` with the radius in kilometres.
        public var circle: [String]?
        public var geocode: [NamedValue]?
        public var altitude: String?
        public var ceiling: String?

        public init(areaDesc: String, polygon: [String]? = nil, circle: [String]? = nil, geocode: [NamedValue]? = nil,
                    altitude: String? = nil, ceiling: String? = nil) {
            self.areaDesc = areaDesc
            self.polygon = polygon
            self.circle = circle
            self.geocode = geocode
            self.altitude = altitude
            self.ceiling = ceiling
        }
    }

    /// The CAP 1.2 XML namespace.
    public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"
}

/// Why an alert was refused: the element (as a path, e.g. `alert/info[1]/urgency`) and the rule.
public struct CAPError: Error, Sendable, Equatable, CustomStringConvertible {
    public let element: String
    public let rule: String

    public init(element: String, rule: String) {
        self.element = element
        self.rule = rule
    }

    public var description: String { "\(element): \(rule)" }
}
