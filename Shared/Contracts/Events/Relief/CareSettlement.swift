import Foundation

/// A provider's month of home care, settled: released in a settlement run, with the visits,
/// minutes and fen behind its one payment (on `civil.relief.grant.v1` under the same key).
public struct CareSettlement: CivilEvent {
    public static let eventType = "civil.relief.settlement.released.v1"
    public static var topic: TopicSpec { TopicCatalog.careSettlement }

    /// The payment's idempotency key: one per provider and month.
    public var settlementId: String
    public var runId: String
    public var providerId: String
    public var month: String
    public var visits: Int
    public var minutes: Int
    /// Paid for hours bought, and for service credit spent, in fen.
    public var hoursFen: Int
    public var creditFen: Int
    public var amountFen: Int
    /// Visits disputed on call-back and held from this settlement.
    public var heldVisits: Int
    public var approvedBy: String
    public var releasedAt: Date

    public init(
        settlementId: String, runId: String, providerId: String, month: String, visits: Int, minutes: Int, hoursFen: Int, creditFen: Int,
        amountFen: Int, heldVisits: Int, approvedBy: String, releasedAt: Date
    ) {
        self.settlementId = settlementId
        self.runId = runId
        self.providerId = providerId
        self.month = month
        self.visits = visits
        self.minutes = minutes
        self.hoursFen = hoursFen
        self.creditFen = creditFen
        self.amountFen = amountFen
        self.heldVisits = heldVisits
        self.approvedBy = approvedBy
        self.releasedAt = releasedAt
    }

    public var partitionKey: String { providerId }

    public static let example = CareSettlement(
        settlementId: "ORG-330106-0007/home-care-settlement/2026-11", runId: "RUN-home-care-settlement-2026-11-1",
        providerId: "ORG-330106-0007", month: "2026-11", visits: 412, minutes: 24_720, hoursFen: 1_393_000, creditFen: 49_000,
        amountFen: 1_442_000, heldVisits: 2, approvedBy: "staff-0301", releasedAt: Date(timeIntervalSince1970: 1_796_000_000))

    public static let minimalExample = example
}
