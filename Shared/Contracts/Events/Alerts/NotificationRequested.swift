import Foundation

/// One message to one recipient on one channel. Restricted: carries the address. The id is
/// deterministic (alert, recipient, channel), so a redelivered notification is recognizable.
public struct NotificationRequested: CivilEvent {
    public static let eventType = "civil.alerts.notification.requested.v1"
    public static var topic: TopicSpec { TopicCatalog.notification }

    public enum Channel: String, Codable, Sendable, CaseIterable {
        case sms
        case voiceCall = "voice-call"
        case communityOfficer = "community-officer"
    }

    public enum RecipientRole: String, Codable, Sendable, CaseIterable {
        case resident
        case areaOfficer = "area-officer"
        case shelterManager = "shelter-manager"
    }

    public var notificationId: String
    public var alertId: String
    public var recipientId: String
    public var recipientRole: RecipientRole
    public var channel: Channel
    /// Phone number for sms and voice calls.
    public var address: String?
    /// 0 is first: vulnerable residents are notified before the rest.
    public var priority: Int
    public var text: String
    /// True for Test and Exercise alerts: never delivered to a resident. An Exercise (a drill) is
    /// sent to the area's officers and shelter managers only, and their message says it is a drill.
    public var exercise: Bool
    public var requestedAt: Date

    public init(
        notificationId: String, alertId: String, recipientId: String, recipientRole: RecipientRole, channel: Channel,
        address: String? = nil, priority: Int, text: String, exercise: Bool, requestedAt: Date
    ) {
        self.notificationId = notificationId
        self.alertId = alertId
        self.recipientId = recipientId
        self.recipientRole = recipientRole
        self.channel = channel
        self.address = address
        self.priority = priority
        self.text = text
        self.exercise = exercise
        self.requestedAt = requestedAt
    }

    public var partitionKey: String { recipientId }

    public static let example = NotificationRequested(
        notificationId: "N-6c1f0e5b7a2d4c3e", alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.2",
        recipientId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e", recipientRole: .resident, channel: .sms,
        address: "13800000000", priority: 0, text: "台风“海葵”预计今夜登陆，社区工作人员将上门协助您转移至文新街道避灾安置点。",
        exercise: false, requestedAt: Date(timeIntervalSince1970: 1_795_000_060))

    public static let minimalExample = NotificationRequested(
        notificationId: "N-0b9e8d7c6a5f4e3d", alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.2",
        recipientId: "p_0a1b2c3d4e5f60718293a4b5c6d7e8f9", recipientRole: .resident, channel: .communityOfficer,
        priority: 1, text: "请做好防台准备。", exercise: true, requestedAt: Date(timeIntervalSince1970: 1_795_000_060))
}
