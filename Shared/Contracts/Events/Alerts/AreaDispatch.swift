import Foundation

/// One area's share of an alert: the unit of fan-out work. Keyed by alert and area, so the
/// dispatch workers of one consumer group share the areas of a large alert between them.
public struct AreaDispatch: CivilEvent {
    public static let eventType = "civil.alerts.dispatch.requested.v1"
    public static var topic: TopicSpec { TopicCatalog.dispatch }

    public var alertId: String
    public var areaCode: String
    /// CAP `status`; Test and Exercise dispatches never reach residents' channels.
    public var status: String
    public var severity: String
    public var headline: String
    public var requestedAt: Date
    /// CAP `msgType`: absent means Alert. A Cancel dispatch tells the recipients already notified
    /// of the alerts in ``cancels`` that they are cancelled.
    public var msgType: String?
    public var cancels: [String]?

    public init(
        alertId: String, areaCode: String, status: String, severity: String, headline: String, requestedAt: Date,
        msgType: String? = nil, cancels: [String]? = nil
    ) {
        self.alertId = alertId
        self.areaCode = areaCode
        self.status = status
        self.severity = severity
        self.headline = headline
        self.requestedAt = requestedAt
        self.msgType = msgType
        self.cancels = cancels
    }

    public var partitionKey: String { "\(alertId)/\(areaCode)" }

    public static let minimalExample = AreaDispatch(
        alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.2", areaCode: "330106001", status: "Actual",
        severity: "Severe", headline: "台风“海葵”预计今夜登陆，请低洼地区居民立即转移",
        requestedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let example = AreaDispatch(
        alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.4", areaCode: "330106001", status: "Actual",
        severity: "Severe", headline: "台风“海葵”预警解除", requestedAt: Date(timeIntervalSince1970: 1_795_010_000),
        msgType: "Cancel", cancels: ["urn:oid:2.49.0.1.156.330106.2026.1129.2"])
}
