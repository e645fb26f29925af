import CivilDomain
import Contracts
import Foundation

/// One entry of the payment ledger: everything owed under one idempotency key, and how its
/// latest instruction fared. A key is in the ledger once, whatever run, retry or reissue.
public struct Payment: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Sent to the bank or treasury adapter; no result yet.
        case instructed
        case paid
        case failed
    }

    public let idempotencyKey: String
    /// The latest instruction's id; each reissue gets a new one.
    public let paymentId: String
    public let attempts: Int
    /// The registration program paid, or the catalog id of a campaign or facility subsidy.
    public let program: String
    /// Set for grants (campaigns, facility subsidies), which go on the grant topic.
    public let grantPayee: GrantPaymentInstruction.Payee?
    public let beneficiaryId: String
    public let householdId: String
    /// `YYYY-MM`: the benefit month, or the month of the run that paid a one-off.
    public let period: String
    public let runId: String
    public let amountFen: Int
    public let status: Status
    public let failureReason: String?
    /// Who approved the run that owes it.
    public let approvedBy: String
    /// Who released or reissued the latest instruction, and when.
    public let instructedBy: String
    public let instructedAt: Date
    /// The failed instruction the latest one reissued.
    public let reissueOf: String?
    public let settledAt: Date?
}
