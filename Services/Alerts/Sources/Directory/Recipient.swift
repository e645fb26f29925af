/// A resident as the dispatch workers see them: who, how urgently they need
/// reaching, and the phone to reach them on (none: a community officer knocks on the door).
public struct Recipient: Sendable, Equatable {
    public let personId: String
    /// 0 for the vulnerable, who are notified first; 1 for everyone else.
    public let priority: Int
    public let phone: String?
}
