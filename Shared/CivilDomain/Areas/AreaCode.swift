/// An administrative division code of the statistical standard: 6 ASCII digits for a district
/// (county level), 9 for a street or township, 12 for a community or village. One parser for
/// every file and request that names an area, so a full-width or Arabic-Indic digit is refused
/// the same way everywhere.
public struct AreaCode: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, LosslessStringConvertible {
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

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = AreaCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "area code '\(text)' is not \(Self.rule)"))
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
