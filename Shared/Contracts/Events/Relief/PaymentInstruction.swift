import Foundation

/// An instruction to pay one beneficiary, for the bank or treasury adapter. The idempotency key
/// (beneficiary, program, period or grant) is the same for a reissue, so the adapter pays once.
public struct PaymentInstruction: CivilEvent {
    public static let eventType = "civil.relief.payment.instructed.v1"
    public static var topic: TopicSpec { TopicCatalog.payment }

    public var paymentId: String
    public var idempotencyKey: String
    public var runId: String?
    public var program: BenefitProgram
    public var beneficiaryId: String
    public var householdId: String
    /// The benefit month, `YYYY-MM`, for monthly programs.
    public var period: String?
    public var amountFen: Int
    /// Set when this instruction reissues a failed payment.
    public var reissueOf: String?
    public var approvedBy: String
    public var instructedAt: Date

    public init(
        paymentId: String, idempotencyKey: String, runId: String? = nil, program: BenefitProgram, beneficiaryId: String,
        householdId: String, period: String? = nil, amountFen: Int, reissueOf: String? = nil, approvedBy: String,
        instructedAt: Date
    ) {
        self.paymentId = paymentId
        self.idempotencyKey = idempotencyKey
        self.runId = runId
        self.program = program
        self.beneficiaryId = beneficiaryId
        self.householdId = householdId
        self.period = period
        self.amountFen = amountFen
        self.reissueOf = reissueOf
        self.approvedBy = approvedBy
        self.instructedAt = instructedAt
    }

    public var partitionKey: String { idempotencyKey }

    public static let example = PaymentInstruction(
        paymentId: "PAY-2026-12-000017-r1", idempotencyKey: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e/dibao/2026-12",
        runId: "RUN-dibao-2026-12", program: .dibao, beneficiaryId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e",
        householdId: "H-330102-000123", period: "2026-12", amountFen: 42_000, reissueOf: "PAY-2026-12-000017",
        approvedBy: "staff-0009", instructedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = PaymentInstruction(
        paymentId: "PAY-2026-000018", idempotencyKey: "p_0a1b2c3d4e5f60718293a4b5c6d7e8f9/temporary-relief/G-77",
        program: .temporaryRelief, beneficiaryId: "p_0a1b2c3d4e5f60718293a4b5c6d7e8f9", householdId: "H-330102-000124",
        amountFen: 150_000, approvedBy: "staff-0009", instructedAt: Date(timeIntervalSince1970: 1_795_000_000))
}
