import Foundation

/// A CAP 1.2 alert was issued, updated or cancelled. Carries the CAP fields analysts group by;
/// the full CAP XML is served by the alert service.
public struct AlertIssued: CivilEvent {
    public static let eventType = "civil.alerts.alert.issued.v1"
    public static var topic: TopicSpec { TopicCatalog.alert }

    /// CAP `identifier`.
    public var alertId: String
    public var sender: String
    public var sent: Date
    /// CAP `status`: Actual, Exercise, System, Test, Draft.
    public var status: String
    /// CAP `msgType`: Alert, Update, Cancel, Ack, Error.
    public var msgType: String
    public var event: String
    public var severity: String
    public var urgency: String
    public var certainty: String
    public var areaCodes: [String]
    /// CAP `references`: identifiers of the alerts this one updates or cancels.
    public var references: [String]?
    public var expires: Date?
    /// Staff id of the second officer, for alerts that need approval.
    public var approvedBy: String?
    public var issuedBy: String

    public init(
        alertId: String, sender: String, sent: Date, status: String, msgType: String, event: String, severity: String,
        urgency: String, certainty: String, areaCodes: [String], references: [String]? = nil, expires: Date? = nil,
        approvedBy: String? = nil, issuedBy: String
    ) {
        self.alertId = alertId
        self.sender = sender
        self.sent = sent
        self.status = status
        self.msgType = msgType
        self.event = event
        self.severity = severity
        self.urgency = urgency
        self.certainty = certainty
        self.areaCodes = areaCodes
        self.references = references
        self.expires = expires
        self.approvedBy = approvedBy
        self.issuedBy = issuedBy
    }

    public var partitionKey: String { alertId }

    public static let example = AlertIssued(
        alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.2", sender: "duty@mca.xihu.gov.cn",
        sent: Date(timeIntervalSince1970: 1_795_000_000), status: "Actual", msgType: "Update", event: "台风",
        severity: "Severe", urgency: "Expected", certainty: "Likely", areaCodes: ["330106001", "330106002"],
        references: ["duty@mca.xihu.gov.cn,urn:oid:2.49.0.1.156.330106.2026.1129.1,2026-11-29T08:00:00+08:00"],
        expires: Date(timeIntervalSince1970: 1_795_086_400), approvedBy: "staff-0202", issuedBy: "staff-0201")

    public static let minimalExample = AlertIssued(
        alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.3", sender: "duty@mca.xihu.gov.cn",
        sent: Date(timeIntervalSince1970: 1_795_000_000), status: "Exercise", msgType: "Alert", event: "洪水",
        severity: "Moderate", urgency: "Future", certainty: "Possible", areaCodes: ["330106003"], issuedBy: "staff-0201")
}
