import CivilDomain
import Contracts
import Foundation

/// What one approved application entitles its beneficiary to in a month.
public struct Entitlement: Sendable, Codable, Equatable {
    public let applicationId: String
    public let householdId: String
    /// Person pseudonym.
    public let beneficiaryId: String
    public let program: BenefitProgram
    public let monthlyAmountFen: Int?
    public let oneOffAmountFen: Int?
    /// The decision in force for the month asked about.
    public let outcome: BenefitDecisionV2.Outcome
    /// `YYYY-MM` from which that decision applies.
    public let since: String
    /// Whether the month is payable under that decision.
    public let payable: Bool
    /// That decision, and the registration approver who made it.
    public let decisionId: String
    public let decidedBy: String
    /// Why, as registration wrote it (e.g. "removed from the register: deceased"); nil for
    /// decisions recorded before relief kept reasons.
    public var reason: String? = nil
}
