import Foundation

/// An instruction to pay a grant that no registration decision stands behind: a campaign grant
/// to a listed resident, or a subsidy to an elderly-care facility. It has a topic of its own
/// because ``PaymentInstruction/program`` is registration's benefit enum, which its readers must
/// understand, and because a facility is not a person. Results come back on the same results
/// topic as any payment, by idempotency key.
public struct GrantPaymentInstruction: CivilEvent {
    public static let eventType = "civil.relief.grant.instructed.v1"
    public static var topic: TopicSpec { TopicCatalog.grant }

    /// Who receives the money.
    public enum Payee: String, Codable, Sendable, CaseIterable {
        /// A resident, by pseudonym (campaign grants).
        case person
        /// An organization of the register, by its id: an elderly-care facility (subsidies), a
        /// home-care provider (its month settled) or a home-care centre (subsidies by rating).
        case facility
    }

    public var paymentId: String
    /// Payee and program, plus the year for a yearly subsidy; the same for a reissue.
    public var idempotencyKey: String
    public var runId: String?
    /// The program's id in relief's catalog, e.g. `spring-festival-grant-2027`.
    public var programId: String
    public var payee: Payee
    /// The person pseudonym or the facility's organization id.
    public var payeeId: String
    /// The resident's household, for person payees.
    public var householdId: String?
    /// The month of the run that pays it, `YYYY-MM`.
    public var period: String
    public var amountFen: Int
    /// Set when this instruction reissues a failed payment.
    public var reissueOf: String?
    public var approvedBy: String
    public var instructedAt: Date

    public init(
        paymentId: String, idempotencyKey: String, runId: String? = nil, programId: String, payee: Payee, payeeId: String,
        householdId: String? = nil, period: String, amountFen: Int, reissueOf: String? = nil, approvedBy: String,
        instructedAt: Date
    ) {
        self.paymentId = paymentId
        self.idempotencyKey = idempotencyKey
        self.runId = runId
        self.programId = programId
        self.payee = payee
        self.payeeId = payeeId
        self.householdId = householdId
        self.period = period
        self.amountFen = amountFen
        self.reissueOf = reissueOf
        self.approvedBy = approvedBy
        self.instructedAt = instructedAt
    }

    public var partitionKey: String { idempotencyKey }

    public static let example = GrantPaymentInstruction(
        paymentId: "PAY-3c1f0e9d8a7b6c5d4e3f-2", idempotencyKey: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e/spring-festival-grant-2027",
        runId: "RUN-spring-festival-grant-2027-2027-01-1", programId: "spring-festival-grant-2027", payee: .person,
        payeeId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e", householdId: "H-330102-000123", period: "2027-01", amountFen: 50_000,
        reissueOf: "PAY-3c1f0e9d8a7b6c5d4e3f-1", approvedBy: "staff-0009", instructedAt: Date(timeIntervalSince1970: 1_798_000_000))

    public static let minimalExample = GrantPaymentInstruction(
        paymentId: "PAY-0a9b8c7d6e5f4a3b2c1d-1", idempotencyKey: "ORG-330106-0007/elderly-care-facility-operation/2027",
        programId: "elderly-care-facility-operation", payee: .facility, payeeId: "ORG-330106-0007", period: "2027-03",
        amountFen: 9_600_000, approvedBy: "staff-0009", instructedAt: Date(timeIntervalSince1970: 1_798_000_000))
}
