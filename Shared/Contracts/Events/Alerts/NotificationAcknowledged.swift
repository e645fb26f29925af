import Foundation

/// A recipient (or the officer who visited them) answered a notification.
public struct NotificationAcknowledged: CivilEvent {
    public static let eventType = "civil.alerts.acknowledgement.received.v1"
    public static var topic: TopicSpec { TopicCatalog.acknowledgement }

    public enum Response: String, Codable, Sendable, CaseIterable {
        case received
        case safe
        case needsHelp = "needs-help"
        case evacuated
    }

    public var notificationId: String
    public var alertId: String
    public var recipientId: String
    public var response: Response
    /// The shelter the person was moved to, for `evacuated`.
    public var shelterId: String?
    /// Staff id, when an officer recorded the answer for the resident.
    public var recordedBy: String?
    public var receivedAt: Date

    public init(
        notificationId: String, alertId: String, recipientId: String, response: Response, shelterId: String? = nil,
        recordedBy: String? = nil, receivedAt: Date
    ) {
        self.notificationId = notificationId
        self.alertId = alertId
        self.recipientId = recipientId
        self.response = response
        self.shelterId = shelterId
        self.recordedBy = recordedBy
        self.receivedAt = receivedAt
    }

    public var partitionKey: String { alertId }

    public static let example = NotificationAcknowledged(
        notificationId: "N-6c1f0e5b7a2d4c3e", alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.2",
        recipientId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e", response: .evacuated, shelterId: "SH-330106-01",
        recordedBy: "staff-0310", receivedAt: Date(timeIntervalSince1970: 1_795_003_600))

    public static let minimalExample = NotificationAcknowledged(
        notificationId: "N-0b9e8d7c6a5f4e3d", alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.2",
        recipientId: "p_0a1b2c3d4e5f60718293a4b5c6d7e8f9", response: .received,
        receivedAt: Date(timeIntervalSince1970: 1_795_003_600))
}
