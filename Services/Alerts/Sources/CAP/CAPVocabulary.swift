extension CAPAlert {
    /// `alert/status`: who the message is for. Only Actual, Exercise and Test messages reach people.
    public enum Status: String, Sendable, CaseIterable {
        case actual = "Actual", exercise = "Exercise", system = "System", test = "Test", draft = "Draft"

        /// Whether the message is dispatched to residents (Drafts and System messages are kept, not sent).
        public var reachesPeople: Bool { self == .actual || self == .exercise || self == .test }
    }

    /// `alert/msgType`: what the message does to earlier ones.
    public enum MessageType: String, Sendable, CaseIterable {
        case alert = "Alert", update = "Update", cancel = "Cancel", ack = "Ack", error = "Error"
    }

    /// The status, typed; nil for a value CAP 1.2 does not define (``CAPValidator`` refuses those).
    public var statusValue: Status? { Status(rawValue: status) }

    /// The message type, typed; nil for a value CAP 1.2 does not define.
    public var messageType: MessageType? { MessageType(rawValue: msgType) }
}
