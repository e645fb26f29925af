import Foundation

/// A household reported in need during an alert: its resident answered "needs help", was checked
/// into a shelter with the home damaged, or an officer's visit found a need. Registration opens a
/// draft emergency-relief application from it (one per alert and household); nothing is paid
/// until a caseworker submits it and an approver approves it. Analytics-safe: pseudonyms only.
public struct AssistanceNeeded: CivilEvent {
    public static let eventType = "civil.alerts.assistance.needed.v1"
    public static var topic: TopicSpec { TopicCatalog.assistanceNeed }

    /// What the household lacks, as the officer or the answer put it.
    public enum Category: String, Codable, Sendable, CaseIterable {
        case food
        case shelter
        case medical
        case houseDamage = "house-damage"
        /// "Needs help" with nothing more said.
        case unspecified
    }

    /// Where the need was reported.
    public enum Source: String, Codable, Sendable, CaseIterable {
        case acknowledgement
        case shelterCheckIn = "shelter-check-in"
        case visitReport = "visit-report"
    }

    /// Stable per alert, household, category and source: a repeated report keeps its id.
    public var needId: String
    public var alertId: String
    public var householdId: String
    /// The person the report is about (pseudonym).
    public var personId: String
    /// The community or village of the household.
    public var areaCode: String
    public var category: Category
    public var source: Source
    /// Staff id of the officer who reported it, when not the resident's own answer.
    public var reportedBy: String?
    public var reportedAt: Date

    public init(
        needId: String, alertId: String, householdId: String, personId: String, areaCode: String, category: Category,
        source: Source, reportedBy: String? = nil, reportedAt: Date
    ) {
        self.needId = needId
        self.alertId = alertId
        self.householdId = householdId
        self.personId = personId
        self.areaCode = areaCode
        self.category = category
        self.source = source
        self.reportedBy = reportedBy
        self.reportedAt = reportedAt
    }

    public var partitionKey: String { householdId }

    public static let example = AssistanceNeeded(
        needId: "NEED-5b2e9c0d4f1a7e38", alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.2", householdId: "H-7f3a9c2e1b",
        personId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e", areaCode: "330106001001", category: .houseDamage,
        source: .visitReport, reportedBy: "staff-0310", reportedAt: Date(timeIntervalSince1970: 1_795_004_200))

    public static let minimalExample = AssistanceNeeded(
        needId: "NEED-0c9d8e7f6a5b4c3d", alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.2", householdId: "H-1a2b3c4d5e",
        personId: "p_0a1b2c3d4e5f60718293a4b5c6d7e8f9", areaCode: "330106001002", category: .unspecified,
        source: .acknowledgement, reportedAt: Date(timeIntervalSince1970: 1_795_003_900))
}
