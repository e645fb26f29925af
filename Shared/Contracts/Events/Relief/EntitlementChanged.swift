import Foundation

/// An application's entitlement as relief now keeps it, after a decision took effect in the
/// ledger: what the analysts count as "beneficiaries in payment" without reading decisions.
/// Keyed by application on a compacted topic, so the latest state per application stays.
public struct EntitlementChanged: CivilEvent {
    public static let eventType = "civil.relief.entitlement.changed.v1"
    public static var topic: TopicSpec { TopicCatalog.entitlement }

    public var applicationId: String
    public var householdId: String
    /// Person pseudonym.
    public var beneficiaryId: String
    public var program: BenefitProgram
    /// The decision that caused the change.
    public var decisionId: String
    public var outcome: BenefitDecision.Outcome
    /// Whether payments run from `effectiveMonth` on.
    public var payable: Bool
    public var monthlyAmountFen: Int?
    public var oneOffAmountFen: Int?
    /// `YYYY-MM`.
    public var effectiveMonth: String
    /// The registration approver who decided.
    public var decidedBy: String
    public var recordedAt: Date

    public init(
        applicationId: String, householdId: String, beneficiaryId: String, program: BenefitProgram, decisionId: String,
        outcome: BenefitDecision.Outcome, payable: Bool, monthlyAmountFen: Int? = nil, oneOffAmountFen: Int? = nil,
        effectiveMonth: String, decidedBy: String, recordedAt: Date
    ) {
        self.applicationId = applicationId
        self.householdId = householdId
        self.beneficiaryId = beneficiaryId
        self.program = program
        self.decisionId = decisionId
        self.outcome = outcome
        self.payable = payable
        self.monthlyAmountFen = monthlyAmountFen
        self.oneOffAmountFen = oneOffAmountFen
        self.effectiveMonth = effectiveMonth
        self.decidedBy = decidedBy
        self.recordedAt = recordedAt
    }

    public var partitionKey: String { applicationId }

    public static let example = EntitlementChanged(
        applicationId: "A-330102-000311", householdId: "H-330102-000123", beneficiaryId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e",
        program: .dibao, decisionId: "D-330102-000871", outcome: .approved, payable: true, monthlyAmountFen: 42_000, oneOffAmountFen: 0,
        effectiveMonth: "2026-12", decidedBy: "staff-0007", recordedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = EntitlementChanged(
        applicationId: "A-330102-000312", householdId: "H-330102-000124", beneficiaryId: "p_0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        program: .childLivingAllowance, decisionId: "D-330102-000872", outcome: .suspended, payable: false,
        effectiveMonth: "2027-03", decidedBy: "staff-0007", recordedAt: Date(timeIntervalSince1970: 1_795_000_000))
}
