import Foundation

/// A filing with the registrar moved through its workflow.
public struct FilingStatus: CivilEvent {
    public static let eventType = "civil.organizations.filing.status.v1"
    public static var topic: TopicSpec { TopicCatalog.filing }

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case nameReservation = "name-reservation"
        case establishment
        case change
        case annualReport = "annual-report"
        case deregistration
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case submitted
        case accepted
        case returned
        case approved
        case rejected
    }

    public var filingId: String
    public var organizationId: String
    public var kind: Kind
    public var status: Status
    /// Statutory deadline, `YYYY-MM-DD`, while the filing is open.
    public var dueOn: String?
    /// The registrar's words. No longer written on the topic (it is public and kept): the
    /// status says returned or rejected, the words stay with the registrar. Old records may carry them.
    public var reason: String?
    /// Staff id of the registrar (or the clerk who entered the filing, for `submitted`).
    public var changedBy: String
    public var changedAt: Date

    public init(
        filingId: String, organizationId: String, kind: Kind, status: Status, dueOn: String? = nil,
        reason: String? = nil, changedBy: String, changedAt: Date
    ) {
        self.filingId = filingId
        self.organizationId = organizationId
        self.kind = kind
        self.status = status
        self.dueOn = dueOn
        self.reason = reason
        self.changedBy = changedBy
        self.changedAt = changedAt
    }

    public var partitionKey: String { organizationId }

    public static let example = FilingStatus(
        filingId: "F-2026-000211", organizationId: "ORG-000031", kind: .change, status: .returned, dueOn: "2026-12-18",
        reason: "recorded before 2026-12", changedBy: "staff-0101",
        changedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = FilingStatus(
        filingId: "F-2026-000212", organizationId: "ORG-000032", kind: .nameReservation, status: .approved,
        changedBy: "staff-0101", changedAt: Date(timeIntervalSince1970: 1_795_000_000))
}
