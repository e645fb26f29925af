import Foundation

/// A decision on a benefit application or an active benefit, version 2: v1's fields, an
/// `adjusted` outcome (a re-assessment that changes an active benefit's amount from a month on),
/// and the means test's figures behind a dibao amount. A new topic because a v1 reader must
/// understand every outcome and `adjusted` is new; registration publishes every decision here
/// and, except adjustments, on v1 as well until v1's readers have moved.
public struct BenefitDecisionV2: CivilEvent {
    public static let eventType = "civil.registration.decision.made.v2"
    public static var topic: TopicSpec { TopicCatalog.decisionV2 }

    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case approved
        case rejected
        case suspended
        case resumed
        case exited
        /// The benefit stays active at a new amount from `effectiveMonth`.
        case adjusted
    }

    /// What a home-care plan grants each month: its category (from the resident's flags by the
    /// policy file), the hours bought, the service credit in fen, and the service types.
    public struct CarePlan: Codable, Sendable, Equatable {
        public var category: String
        public var monthlyHours: Int
        public var serviceCreditFen: Int
        public var serviceTypes: [String]
        /// The policy file's version that set these terms.
        public var policyVersion: String

        public init(category: String, monthlyHours: Int, serviceCreditFen: Int, serviceTypes: [String], policyVersion: String) {
            self.category = category
            self.monthlyHours = monthlyHours
            self.serviceCreditFen = serviceCreditFen
            self.serviceTypes = serviceTypes
            self.policyVersion = policyVersion
        }
    }

    public var decisionId: String
    public var applicationId: String
    public var householdId: String
    /// The person the benefit is for, as a pseudonym.
    public var beneficiaryId: String
    public var program: BenefitProgram
    public var outcome: Outcome
    /// The monthly amount from `effectiveMonth` on, in fen.
    public var monthlyAmountFen: Int?
    /// A one-off amount, in fen.
    public var oneOffAmountFen: Int?
    /// The first benefit month the decision applies to, `YYYY-MM` in Asia/Shanghai.
    public var effectiveMonth: String
    /// The approver's words. No longer written on the topic (kept forever, read by analysts):
    /// registration keeps them for staff; ``reasonCode`` says why. Old records may carry them.
    public var reason: String?
    /// Why, as a code; absent on records written before codes and for approvals.
    public var reasonCode: DecisionReason?
    /// The means test behind a dibao amount: assessed household income per month, members
    /// counted, and the standard per member of the area's kind, all in fen.
    public var householdMonthlyIncomeFen: Int?
    public var members: Int?
    public var standardFen: Int?
    /// A home-care application's plan terms: on its submission's approval (assessed again then),
    /// and on later decisions that still know them. An exit may carry none.
    public var carePlan: CarePlan?
    /// Staff id of the approver (or `system:…` for a rule applied by the service).
    public var decidedBy: String
    /// Staff id of the caseworker who submitted the application.
    public var submittedBy: String
    public var decidedAt: Date

    public init(
        decisionId: String, applicationId: String, householdId: String, beneficiaryId: String, program: BenefitProgram,
        outcome: Outcome, monthlyAmountFen: Int? = nil, oneOffAmountFen: Int? = nil, effectiveMonth: String,
        reason: String? = nil, reasonCode: DecisionReason? = nil, householdMonthlyIncomeFen: Int? = nil, members: Int? = nil, standardFen: Int? = nil,
        carePlan: CarePlan? = nil, decidedBy: String, submittedBy: String, decidedAt: Date
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
        self.householdMonthlyIncomeFen = householdMonthlyIncomeFen
        self.members = members
        self.standardFen = standardFen
        self.carePlan = carePlan
        self.decidedBy = decidedBy
        self.submittedBy = submittedBy
        self.decidedAt = decidedAt
    }

    /// A v1 decision as v2 reads it (every v1 outcome is a v2 outcome).
    public init(_ decision: BenefitDecision) {
        self.init(
            decisionId: decision.decisionId, applicationId: decision.applicationId, householdId: decision.householdId,
            beneficiaryId: decision.beneficiaryId, program: decision.program,
            outcome: Outcome(rawValue: decision.outcome.rawValue) ?? .approved, monthlyAmountFen: decision.monthlyAmountFen,
            oneOffAmountFen: decision.oneOffAmountFen, effectiveMonth: decision.effectiveMonth, reason: decision.reason,
            reasonCode: decision.reasonCode, decidedBy: decision.decidedBy, submittedBy: decision.submittedBy, decidedAt: decision.decidedAt)
    }

    /// The same decision on v1, or nil for what v1 readers do not know: an `adjusted` outcome, a
    /// home-care plan.
    public var v1: BenefitDecision? {
        guard program != .homeCare else { return nil }
        return BenefitDecision.Outcome(rawValue: outcome.rawValue).map { outcome in
            BenefitDecision(
                decisionId: decisionId, applicationId: applicationId, householdId: householdId, beneficiaryId: beneficiaryId,
                program: program, outcome: outcome, monthlyAmountFen: monthlyAmountFen, oneOffAmountFen: oneOffAmountFen,
                effectiveMonth: effectiveMonth, reason: reason, reasonCode: reasonCode, decidedBy: decidedBy, submittedBy: submittedBy, decidedAt: decidedAt)
        }
    }

    public var partitionKey: String { householdId }

    public static let example = BenefitDecisionV2(
        decisionId: "D-2026-000460", applicationId: "A-2026-000981", householdId: "H-330102-000123",
        beneficiaryId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e", program: .dibao, outcome: .adjusted,
        monthlyAmountFen: 66_000, oneOffAmountFen: 0, effectiveMonth: "2027-01", reason: "recorded before reason codes",
        reasonCode: .incomeChanged,
        householdMonthlyIncomeFen: 180_000, members: 3, standardFen: 82_000,
        carePlan: CarePlan(category: "B", monthlyHours: 8, serviceCreditFen: 5000, serviceTypes: ["housekeeping", "daily-care"],
                           policyVersion: "2026-12-r1"),
        decidedBy: "staff-0007", submittedBy: "staff-0042", decidedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = BenefitDecisionV2(BenefitDecision.minimalExample)
}
