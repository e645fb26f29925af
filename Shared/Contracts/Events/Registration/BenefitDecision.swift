import Foundation

/// A decision on a benefit application or an active benefit. Keyed by household so that a
/// household's decisions stay in order; relief disbursement keeps entitlements from this topic.
public struct BenefitDecision: CivilEvent {
    public static let eventType = "civil.registration.decision.made.v1"
    public static var topic: TopicSpec { TopicCatalog.decision }

    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case approved
        case rejected
        case suspended
        case resumed
        case exited
    }

    public var decisionId: String
    public var applicationId: String
    public var householdId: String
    /// The person the benefit is for, as a pseudonym.
    public var beneficiaryId: String
    public var program: BenefitProgram
    public var outcome: Outcome
    /// The monthly amount the decision implies, in fen (the dibao top-up, an allowance).
    public var monthlyAmountFen: Int?
    /// A one-off amount, in fen (temporary or emergency relief).
    public var oneOffAmountFen: Int?
    /// The first benefit month the decision applies to, `YYYY-MM` in Asia/Shanghai.
    public var effectiveMonth: String
    /// The approver's words. No longer written on the topic (kept forever, read by analysts):
    /// registration keeps them for staff; ``reasonCode`` says why. Old records may carry them.
    public var reason: String?
    /// Why, as a code; absent on records written before codes and for approvals.
    public var reasonCode: DecisionReason?
    /// Staff id of the approver.
    public var decidedBy: String
    /// Staff id of the caseworker who submitted the application.
    public var submittedBy: String
    public var decidedAt: Date

    public init(
        decisionId: String, applicationId: String, householdId: String, beneficiaryId: String, program: BenefitProgram,
        outcome: Outcome, monthlyAmountFen: Int? = nil, oneOffAmountFen: Int? = nil, effectiveMonth: String,
        reason: String? = nil, reasonCode: DecisionReason? = nil, decidedBy: String, submittedBy: String, decidedAt: Date
    ) {
        self.decisionId = decisionId
        self.applicationId = applicationId
        self.householdId = householdId
        self.beneficiaryId = beneficiaryId
        self.program = program
        self.outcome = outcome
        self.monthlyAmountFen = monthlyAmountFen
        self.oneOffAmountFen = oneOffAmountFen
        self.effectiveMonth = effectiveMonth
        self.reason = reason
        self.reasonCode = reasonCode
        self.decidedBy = decidedBy
        self.submittedBy = submittedBy
        self.decidedAt = decidedAt
    }

    public var partitionKey: String { householdId }

    public static let example = BenefitDecision(
        decisionId: "D-2026-000451", applicationId: "A-2026-000981", householdId: "H-330102-000123",
        beneficiaryId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e", program: .dibao, outcome: .approved,
        monthlyAmountFen: 42_000, oneOffAmountFen: 0, effectiveMonth: "2026-12",
        reason: "recorded before reason codes", reasonCode: .review, decidedBy: "staff-0007", submittedBy: "staff-0042", decidedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = BenefitDecision(
        decisionId: "D-2026-000452", applicationId: "A-2026-000982", householdId: "H-330102-000124",
        beneficiaryId: "p_0a1b2c3d4e5f60718293a4b5c6d7e8f9", program: .temporaryRelief, outcome: .rejected,
        effectiveMonth: "2026-12", decidedBy: "staff-0007", submittedBy: "staff-0042",
        decidedAt: Date(timeIntervalSince1970: 1_795_000_000))
}
