import Foundation

/// Indented XML text with escaping of element content.
struct XMLText {
    var text = ""

    mutating func raw(_ string: String) { text += string }

    mutating func open(_ name: String, depth: Int) {
        text += String(repeating: "  ", count: depth) + "<\(name)>\n"
    }

    mutating func close(_ name: String, depth: Int) {
        text += String(repeating: "  ", count: depth) + "</\(name)>\n"
    }

    mutating func element(_ name: String, _ value: String?, depth: Int) {
        guard let value else { return }
        text += String(repeating: "  ", count: depth) + "<\(name)>" + Self.escaped(value) + "</\(name)>\n"
    }

    mutating func namedValue(_ name: String, _ pair: CAPAlert.NamedValue, depth: Int) {
        open(name, depth: depth)
        element("valueName", pair.valueName, depth: depth + 1)
        element("value", pair.value, depth: depth + 1)
        close(name, depth: depth)
    }

    /// An element with attributes and no content, e.g. an Atom link.
    mutating func empty(_ name: String, attributes: [(String, String)], depth: Int) {
        let list = attributes.map { " \($0.0)=\"\(Self.escaped($0.1).replacingOccurrences(of: "\"", with: "&quot;"))\"" }.joined()
        text += String(repeating: "  ", count: depth) + "<\(name)\(list)/>\n"
    }

    /// Element content: `&`, `<` and `>` (attribute values also have `"` escaped).
    static func escaped(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in value {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }
}
