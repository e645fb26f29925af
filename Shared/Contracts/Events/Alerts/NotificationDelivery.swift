import Foundation

/// How far one SMS got: accepted by the gateway, delivered to the handset, or failed with the
/// gateway's reason as a code. Analytics-safe: the recipient is a pseudonym (or an officer's
/// staff id), never the phone. "Notified" says a message was requested; this says it arrived.
public struct NotificationDelivery: CivilEvent {
    public static let eventType = "civil.alerts.notification.delivery.v1"
    public static var topic: TopicSpec { TopicCatalog.delivery }

    public enum Status: String, Codable, Sendable, CaseIterable {
        /// The carrier's SMS centre took the message.
        case sent
        /// The handset received it.
        case delivered
        /// The gateway or the carrier gave up on it.
        case failed
    }

    /// Why a message failed, as a code.
    public enum Failure: String, Codable, Sendable, CaseIterable {
        /// The SMS centre refused the message (a wrong number, a barred line).
        case rejectedBySMSC = "rejected-by-smsc"
        /// The SMS centre accepted it but could not deliver it in time.
        case notDelivered = "not-delivered"
        /// The gateway refused the request itself (a malformed number or text).
        case refusedByGateway = "refused-by-gateway"
    }

    public var notificationId: String
    public var alertId: String
    public var recipientId: String
    public var status: Status
    public var failure: Failure?
    /// When the gateway reported it.
    public var reportedAt: Date

    public init(
        notificationId: String, alertId: String, recipientId: String, status: Status, failure: Failure? = nil, reportedAt: Date
    ) {
        self.notificationId = notificationId
        self.alertId = alertId
        self.recipientId = recipientId
        self.status = status
        self.failure = failure
        self.reportedAt = reportedAt
    }

    public var partitionKey: String { alertId }

    public static let example = NotificationDelivery(
        notificationId: "N-6c1f0e5b7a2d4c3e", alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.2",
        recipientId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e", status: .failed, failure: .rejectedBySMSC,
        reportedAt: Date(timeIntervalSince1970: 1_795_000_075))

    public static let minimalExample = NotificationDelivery(
        notificationId: "N-0b9e8d7c6a5f4e3d", alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.2",
        recipientId: "p_0a1b2c3d4e5f60718293a4b5c6d7e8f9", status: .delivered, reportedAt: Date(timeIntervalSince1970: 1_795_000_070))
}
