import Foundation

/// How far one alert's fan-out got in one community once it ended: how many it targeted and how
/// many were notified (officers included). Analytics-safe: counts only. Published once per alert
/// and area when the dispatch finishes or stops, so a reader of the public topics can count the
/// notifications behind an alert's acknowledgement rate without the restricted notification topic.
public struct AreaReached: CivilEvent {
    public static let eventType = "civil.alerts.area.reached.v1"
    public static var topic: TopicSpec { TopicCatalog.reach }

    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// Everyone targeted was notified.
        case finished
        /// The alert was cancelled or superseded before everyone was notified.
        case stopped
    }

    public var alertId: String
    public var areaCode: String
    /// The alert's CAP status (Actual, Exercise, Test): only Actual alerts reach residents.
    public var status: String
    /// The CAP message type (Alert, Update, Cancel); a Cancel notifies those told of what it cancels.
    public var msgType: String
    public var targeted: Int
    public var notified: Int
    public var outcome: Outcome
    public var settledAt: Date

    public init(
        alertId: String, areaCode: String, status: String, msgType: String, targeted: Int, notified: Int, outcome: Outcome, settledAt: Date
    ) {
        self.alertId = alertId
        self.areaCode = areaCode
        self.status = status
        self.msgType = msgType
        self.targeted = targeted
        self.notified = notified
        self.outcome = outcome
        self.settledAt = settledAt
    }

    public var partitionKey: String { alertId }

    public static let example = AreaReached(
        alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.2", areaCode: "330106101201", status: "Actual", msgType: "Alert",
        targeted: 1_180, notified: 1_180, outcome: .finished, settledAt: Date(timeIntervalSince1970: 1_795_000_012))

    public static let minimalExample = AreaReached(
        alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.3", areaCode: "330106001001", status: "Actual", msgType: "Update",
        targeted: 940, notified: 312, outcome: .stopped, settledAt: Date(timeIntervalSince1970: 1_795_000_040))
}
