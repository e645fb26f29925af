/// Thrown by an inbox handler for an event it can never process (it breaks a business rule, it
/// refers to something that does not exist). The runner dead-letters the record with `reason`
/// and moves on; any other error is retried.
public struct PermanentEventError: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
