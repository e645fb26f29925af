/// A value that travels as its text form (`2026-12`, `2026-12-06`, `330106001`): JSON carries
/// the string, and decoding refuses a string that is not a valid value, naming the form.
public protocol TextCoded: Codable, LosslessStringConvertible {
    /// The form, for error messages, e.g. "a month YYYY-MM".
    static var textForm: String { get }
}

extension TextCoded {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not \(Self.textForm)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
