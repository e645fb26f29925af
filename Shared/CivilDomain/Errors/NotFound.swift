/// A record the request names is not in the register or ledger (never registered, or removed).
public struct NotFound: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    /// - Parameter message: in the bureau's words, e.g. "no resident R-1".
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
