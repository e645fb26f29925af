import Foundation

/// The CAP 1.2 rules on values: enumerations, time formats, conditional elements, geometry.
/// The first broken rule is reported with the element's path.
public enum CAPValidator {
    public static let statuses = Set(CAPAlert.Status.allCases.map(\.rawValue))
    public static let messageTypes = Set(CAPAlert.MessageType.allCases.map(\.rawValue))
    public static let scopes: Set = ["Public", "Restricted", "Private"]
    public static let categories: Set = [
        "Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other",
    ]
    public static let responseTypes: Set = [
        "Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None",
    ]
    public static let urgencies: Set = ["Immediate", "Expected", "Future", "Past", "Unknown"]
    public static let severities: Set = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"]
    public static let certainties: Set = ["Observed", "Likely", "Possible", "Unlikely", "Unknown"]

    public static func validate(_ alert: CAPAlert) throws(CAPError) {
        try identifierText(alert.identifier, element: "alert/identifier")
        try identifierText(alert.sender, element: "alert/sender")
        try time(alert.sent, element: "alert/sent")
        try oneOf(alert.status, statuses, element: "alert/status")
        try oneOf(alert.msgType, messageTypes, element: "alert/msgType")
        try oneOf(alert.scope, scopes, element: "alert/scope")
        if alert.scope == "Restricted", alert.restriction?.isEmpty ?? true {
            throw CAPError(element: "alert/restriction", rule: "is required when scope is Restricted")
        }
        if alert.scope == "Private", alert.addresses?.isEmpty ?? true {
            throw CAPError(element: "alert/addresses", rule: "is required when scope is Private")
        }
        if ["Update", "Cancel"].contains(alert.msgType), alert.references?.isEmpty ?? true {
            throw CAPError(element: "alert/references", rule: "is required when msgType is \(alert.msgType)")
        }
        if let references = alert.references { _ = try parseReferences(references) }
        for (index, info) in (alert.info ?? []).enumerated() {
            try validate(info, path: "alert/info[\(index + 1)]")
        }
    }

    /// One earlier alert named in `references`.
    public struct Reference: Sendable, Equatable {
        public let sender: String
        public let identifier: String
        public let sent: String
    }

    public static func parseReferences(_ text: String) throws(CAPError) -> [Reference] {
        var references: [Reference] = []
        for triple in text.split(whereSeparator: \.isWhitespace) {
            let parts = triple.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, CAPTime.parse(parts[2]) != nil else {
                throw CAPError(element: "alert/references", rule: "each reference is sender,identifier,sent with a CAP time")
            }
            references.append(Reference(sender: parts[0], identifier: parts[1], sent: parts[2]))
        }
        if references.isEmpty { throw CAPError(element: "alert/references", rule: "names no alert") }
        return references
    }

    private static func validate(_ info: CAPAlert.Info, path: String) throws(CAPError) {
        if let language = info.language, !isLanguageTag(language) {
            throw CAPError(element: "\(path)/language", rule: "must be an RFC 3066 language tag, e.g. zh-CN")
        }
        if info.category.isEmpty { throw CAPError(element: "\(path)/category", rule: "is required") }
        for category in info.category { try oneOf(category, categories, element: "\(path)/category") }
        try nonEmpty(info.event, element: "\(path)/event")
        for type in info.responseType ?? [] { try oneOf(type, responseTypes, element: "\(path)/responseType") }
        try oneOf(info.urgency, urgencies, element: "\(path)/urgency")
        try oneOf(info.severity, severities, element: "\(path)/severity")
        try oneOf(info.certainty, certainties, element: "\(path)/certainty")
        for (index, code) in (info.eventCode ?? []).enumerated() {
            try nonEmpty(code.valueName, element: "\(path)/eventCode[\(index + 1)]/valueName")
        }
        if let effective = info.effective { try time(effective, element: "\(path)/effective") }
        if let onset = info.onset { try time(onset, element: "\(path)/onset") }
        if let expires = info.expires { try time(expires, element: "\(path)/expires") }
        for (index, parameter) in (info.parameter ?? []).enumerated() {
            try nonEmpty(parameter.valueName, element: "\(path)/parameter[\(index + 1)]/valueName")
        }
        for (index, resource) in (info.resource ?? []).enumerated() {
            let resourcePath = "\(path)/resource[\(index + 1)]"
            try nonEmpty(resource.resourceDesc, element: "\(resourcePath)/resourceDesc")
            try nonEmpty(resource.mimeType, element: "\(resourcePath)/mimeType")
            if let size = resource.size, Int(size) == nil || Int(size)! < 0 {
                throw CAPError(element: "\(resourcePath)/size", rule: "must be a whole number of bytes")
            }
        }
        for (index, area) in (info.area ?? []).enumerated() {
            try validate(area, path: "\(path)/area[\(index + 1)]")
        }
    }

    private static func validate(_ area: CAPAlert.Area, path: String) throws(CAPError) {
        try nonEmpty(area.areaDesc, element: "\(path)/areaDesc")
        for polygon in area.polygon ?? [] where GeoPolygon(cap: polygon) == nil {
            throw CAPError(element: "\(path)/polygon", rule: "must be at least four lat,lon pairs (WGS 84), the first equal to the last")
        }
        for circle in area.circle ?? [] where GeoCircle(cap: circle) == nil {
            throw CAPError(element: "\(path)/circle", rule: "must be 'lat,lon radius' with the radius in kilometres")
        }
        for (index, geocode) in (area.geocode ?? []).enumerated() {
            try nonEmpty(geocode.valueName, element: "\(path)/geocode[\(index + 1)]/valueName")
            try nonEmpty(geocode.value, element: "\(path)/geocode[\(index + 1)]/value")
        }
        if let altitude = area.altitude, Double(altitude) == nil {
            throw CAPError(element: "\(path)/altitude", rule: "must be a number of feet")
        }
        if let ceiling = area.ceiling {
            guard area.altitude != nil else { throw CAPError(element: "\(path)/ceiling", rule: "may be used only with altitude") }
            guard Double(ceiling) != nil else { throw CAPError(element: "\(path)/ceiling", rule: "must be a number of feet") }
        }
    }

    /// CAP forbids spaces, commas and the XML-restricted `<` and `&` in identifiers and senders.
    private static func identifierText(_ value: String, element: String) throws(CAPError) {
        try nonEmpty(value, element: element)
        if value.contains(where: { $0.isWhitespace || $0 == "," || $0 == "<" || $0 == "&" }) {
            throw CAPError(element: element, rule: "must not contain spaces, commas, '<' or '&'")
        }
    }

    private static func time(_ value: String, element: String) throws(CAPError) {
        guard CAPTime.parse(value) != nil else {
            throw CAPError(element: element, rule: "must be a time like 2026-11-29T08:00:00+08:00 (an offset, not 'Z')")
        }
    }

    private static func oneOf(_ value: String, _ allowed: Set<String>, element: String) throws(CAPError) {
        guard allowed.contains(value) else {
            throw CAPError(element: element, rule: "must be one of \(allowed.sorted().joined(separator: ", "))")
        }
    }

    private static func nonEmpty(_ value: String, element: String) throws(CAPError) {
        if value.trimmingCharacters(in: .whitespaces).isEmpty { throw CAPError(element: element, rule: "must not be empty") }
    }

    private static func isLanguageTag(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (1...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return false
        }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}
