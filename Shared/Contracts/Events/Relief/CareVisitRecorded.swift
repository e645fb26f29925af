import Foundation

/// A home-care visit a provider recorded, as relief accepted it; again with `disputed` when a
/// satisfaction call-back disputes it (then it is held from settlement). Analytics-safe: the
/// elder is a pseudonym, the provider an organization id, and no free text is carried.
public struct CareVisitRecorded: CivilEvent {
    public static let eventType = "civil.relief.visit.recorded.v1"
    public static var topic: TopicSpec { TopicCatalog.careVisit }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case recorded
        /// Disputed on call-back: not settled until resolved.
        case disputed
    }

    /// What paid for the visit: the plan's monthly hours, or the 85–89 service credit.
    public enum PaidFrom: String, Codable, Sendable, CaseIterable {
        case hours
        case credit
    }

    public var visitId: String
    public var providerId: String
    public var personId: String
    public var householdId: String
    /// The elder's community or village.
    public var areaCode: String
    public var serviceType: String
    public var startedAt: Date
    public var endedAt: Date
    public var minutes: Int
    /// `YYYY-MM` (Asia/Shanghai) the visit counts in.
    public var month: String
    public var paidFrom: PaidFrom
    /// What relief owes the provider for it, in fen.
    public var amountFen: Int
    public var status: Status
    public var recordedAt: Date

    public init(
        visitId: String, providerId: String, personId: String, householdId: String, areaCode: String, serviceType: String,
        startedAt: Date, endedAt: Date, minutes: Int, month: String, paidFrom: PaidFrom, amountFen: Int, status: Status, recordedAt: Date
    ) {
        self.visitId = visitId
        self.providerId = providerId
        self.personId = personId
        self.householdId = householdId
        self.areaCode = areaCode
        self.serviceType = serviceType
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.minutes = minutes
        self.month = month
        self.paidFrom = paidFrom
        self.amountFen = amountFen
        self.status = status
        self.recordedAt = recordedAt
    }

    public var partitionKey: String { personId }

    public static let example = CareVisitRecorded(
        visitId: "V-7C1E0A9B3D5F2E48", providerId: "ORG-330106-0007", personId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e",
        householdId: "H-7f3a9c2e1b", areaCode: "330106101201", serviceType: "housekeeping",
        startedAt: Date(timeIntervalSince1970: 1_795_000_000), endedAt: Date(timeIntervalSince1970: 1_795_003_600), minutes: 60,
        month: "2026-11", paidFrom: .hours, amountFen: 3500, status: .recorded, recordedAt: Date(timeIntervalSince1970: 1_795_003_700))

    public static let minimalExample = example
}
