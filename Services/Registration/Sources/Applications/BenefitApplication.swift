import Contracts
import Foundation
import ServiceKit

/// An application for a benefit, and its life: draft → submitted → active (approved) or
/// rejected; active → suspended → active (resumed); active or suspended → exited.
public struct BenefitApplication: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case draft, submitted, active, rejected, suspended, exited
    }

    public let applicationId: String
    public let householdId: String
    public let beneficiaryResidentId: String
    public let program: BenefitProgram
    public let status: Status
    public let householdMonthlyIncomeFen: Int?
    public let monthlyAmountFen: Int?
    public let oneOffAmountFen: Int?
    /// A home-care application's plan: category, hours per month, service credit, service types.
    public let carePlan: BenefitDecisionV2.CarePlan?
    public let submittedBy: String
    public let submittedAt: Date
    public let decidedBy: String?
    public let decidedAt: Date?
    public let reason: String?
    /// `YYYY-MM-DD`: when an active benefit must be reviewed again.
    public let reviewDueOn: String?
}

/// What a caseworker submits.
public struct ApplicationSubmission: StrictRequestBody, Sendable {
    public let householdId: String
    public let beneficiaryResidentId: String
    public let program: BenefitProgram
    /// Needed for dibao: the household's declared income per month, in fen.
    public let householdMonthlyIncomeFen: Int?
    /// Needed for one-off programs (temporary, emergency relief), in fen.
    public let oneOffAmountFen: Int?
    /// Needed for monthly allowances other than dibao, in fen.
    public let monthlyAmountFen: Int?
    /// False keeps the application as a draft.
    public let submit: Bool?

    public static let fields: Set<String> = [
        "householdId", "beneficiaryResidentId", "program", "householdMonthlyIncomeFen", "oneOffAmountFen",
        "monthlyAmountFen", "submit",
    ]
}

/// What an approver submits with a decision.
public struct DecisionRequest: StrictRequestBody, Sendable {
    public enum Action: String, Sendable, Codable {
        case approve, reject, suspend, resume, exit
        /// Re-assess an active dibao: a new income, or the household's members now, give a new
        /// amount from `effectiveMonth`.
        case adjust
    }

    public let action: Action
    /// Required for reject, suspend, exit and adjust.
    public let reason: String?
    /// Why, as the topics say it; by default `other` for reject, suspend and exit, and
    /// `income-changed` for adjust.
    public let reasonCode: DecisionReason?
    /// `YYYY-MM`; defaults to the next month.
    public let effectiveMonth: String?
    /// adjust: the household's income per month now, in fen; defaults to the one assessed before.
    public let householdMonthlyIncomeFen: Int?

    public static let fields: Set<String> = ["action", "reason", "reasonCode", "effectiveMonth", "householdMonthlyIncomeFen"]

    /// The code the decision carries on the topics.
    var code: DecisionReason? {
        switch action {
        case .approve, .resume: reasonCode
        case .reject, .suspend, .exit: reasonCode ?? .other
        case .adjust: reasonCode ?? .incomeChanged
        }
    }
}

/// What a caseworker may add when submitting a draft: the amount of a one-off draft that has none
/// (one opened from a household's reported need).
public struct DraftSubmission: StrictRequestBody, Sendable {
    public let oneOffAmountFen: Int?

    public static let fields: Set<String> = ["oneOffAmountFen"]
}
