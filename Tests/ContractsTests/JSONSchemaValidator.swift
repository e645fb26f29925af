import Foundation

/// The part of JSON Schema 2020-12 that our event schemas use. A schema that uses any other
/// keyword is itself reported, so this subset can never silently ignore a rule an analyst's
/// validator would apply.
struct JSONSchemaValidator {
    static let knownKeywords: Set<String> = [
        "$schema", "$id", "title", "description", "type", "required", "properties", "items", "enum", "pattern",
        "minimum", "maximum", "minLength", "format", "minItems", "uniqueItems", "additionalProperties",
    ]

    /// Every violation, as `path: rule`; empty when the instance is valid.
    static func violations(of instance: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        guard let rules = schema.object else { return ["\(path): schema is not an object"] }
        var found = rules.keys.filter { !knownKeywords.contains($0) }.map { "\(path): unsupported keyword '\($0)'" }
        if let type = rules["type"] {
            let allowed = type.array?.compactMap(\.string) ?? [type.string ?? ""]
            if !allowed.contains(where: { matches(instance, type: $0) }) {
                return found + ["\(path): expected \(allowed.joined(separator: " or "))"]
            }
        }
        if let options = rules["enum"]?.array, !options.contains(instance) {
            found.append("\(path): not one of the enumerated values")
        }
        if case .string(let text) = instance {
            if let pattern = rules["pattern"]?.string, text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): does not match \(pattern)")
            }
            if let minLength = rules["minLength"]?.number, Double(text.count) < minLength {
                found.append("\(path): shorter than \(Int(minLength))")
            }
            if let format = rules["format"]?.string, !matches(text, format: format) {
                found.append("\(path): not a \(format)")
            }
        }
        if let value = instance.number {
            if let minimum = rules["minimum"]?.number, value < minimum { found.append("\(path): below \(minimum)") }
            if let maximum = rules["maximum"]?.number, value > maximum { found.append("\(path): above \(maximum)") }
        }
        if case .array(let items) = instance {
            if let minItems = rules["minItems"]?.number, Double(items.count) < minItems {
                found.append("\(path): fewer than \(Int(minItems)) items")
            }
            if rules["uniqueItems"] == .bool(true), Set(items.map { "\($0)" }).count != items.count {
                found.append("\(path): items repeat")
            }
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() {
                    found += violations(of: item, against: itemSchema, at: "\(path)[\(index)]")
                }
            }
        }
        if case .object(let fields) = instance {
            for name in rules["required"]?.array?.compactMap(\.string) ?? [] where fields[name] == nil {
                found.append("\(path): required '\(name)' is missing")
            }
            let properties = rules["properties"]?.object ?? [:]
            for (name, value) in fields {
                if let propertySchema = properties[name] {
                    found += violations(of: value, against: propertySchema, at: "\(path).\(name)")
                } else if rules["additionalProperties"] == .bool(false) {
                    found.append("\(path): '\(name)' is not allowed")
                }
            }
        }
        return found
    }

    private static func matches(_ instance: JSONValue, type: String) -> Bool {
        switch (type, instance) {
        case ("null", .null), ("boolean", .bool), ("integer", .integer), ("number", .integer), ("number", .number),
            ("string", .string), ("array", .array), ("object", .object):
            true
        default:
            false
        }
    }

    private static func matches(_ text: String, format: String) -> Bool {
        switch format {
        case "date-time":
            (try? Date.ISO8601FormatStyle().parse(text)) != nil
                || (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) != nil
        case "date":
            text.range(of: #"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"#, options: .regularExpression) != nil
        default:
            true
        }
    }
}
