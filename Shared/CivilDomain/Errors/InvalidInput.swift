/// What a caseworker entered breaks one of the bureau's rules: the message says what to change
/// and `fields` names each field and its rule, so a form can show it beside the field.
public struct InvalidInput: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let fields: [String: String]

    public init(_ message: String, fields: [String: String] = [:]) {
        self.message = message
        self.fields = fields
    }

    public var description: String { message }
}
