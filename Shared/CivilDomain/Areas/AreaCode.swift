/// An administrative division code of the statistical standard: 6 ASCII digits for a district
/// (county level), 9 for a street or township, 12 for a community or village. One parser for
/// every file and request that names an area, so a full-width or Arabic-Indic digit is refused
/// the same way everywhere.
public struct AreaCode: Sendable, Hashable, Comparable, TextCoded, CustomStringConvertible {
    public enum Level: Int, Sendable, Comparable {
        case district = 6
        case street = 9
        case community = 12

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let value: String

    /// What a refused code should have been, for error messages.
    public static let rule = "6, 9 or 12 ASCII digits"

    public init?(_ text: String) {
        guard Level(rawValue: text.utf8.count) != nil, ASCIIDigits.isDigits(text) else { return nil }
        value = text
    }

    public var level: Level { Level(rawValue: value.utf8.count)! }

    /// The district (first six digits) the area lies in.
    public var district: AreaCode { AreaCode(String(value.prefix(6)))! }

    public var description: String { value }

    public static func < (lhs: AreaCode, rhs: AreaCode) -> Bool { lhs.value < rhs.value }

    public static let textForm = "an area code of 6, 9 or 12 ASCII digits"
}
