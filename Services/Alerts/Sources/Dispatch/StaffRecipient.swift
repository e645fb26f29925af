import Contracts

/// A staff member notified with an area's residents: its officers and its shelters' managers.
public struct StaffRecipient: Sendable, Equatable {
    public let staffId: String
    public let phone: String?
    public let role: NotificationRequested.RecipientRole
}
