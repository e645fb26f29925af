import Foundation

/// What the bank or treasury adapter reports for a payment instruction.
public struct PaymentResult: CivilEvent {
    public static let eventType = "civil.treasury.payment.settled.v1"
    public static var topic: TopicSpec { TopicCatalog.paymentResult }

    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case paid
        case failed
    }

    public var paymentId: String
    public var idempotencyKey: String
    public var outcome: Outcome
    /// Why a payment failed, as the bank says it. Adapters send ``failureCode`` instead: this
    /// topic is read by analysts and kept forever. Read only when no code is given.
    public var failureReason: String?
    /// Why a payment failed, as a code; a failed result carries it (or, from older adapters, a reason).
    public var failureCode: PaymentFailure?
    public var settledAt: Date

    public init(
        paymentId: String, idempotencyKey: String, outcome: Outcome, failureReason: String? = nil,
        failureCode: PaymentFailure? = nil, settledAt: Date
    ) {
        self.paymentId = paymentId
        self.idempotencyKey = idempotencyKey
        self.outcome = outcome
        self.failureReason = failureReason
        self.failureCode = failureCode
        self.settledAt = settledAt
    }

    public var partitionKey: String { idempotencyKey }

    public static let example = PaymentResult(
        paymentId: "PAY-2026-12-000017", idempotencyKey: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e/dibao/2026-12",
        outcome: .failed, failureReason: "sent by adapters before codes", failureCode: .accountClosed, settledAt: Date(timeIntervalSince1970: 1_795_100_000))

    public static let minimalExample = PaymentResult(
        paymentId: "PAY-2026-000018", idempotencyKey: "p_0a1b2c3d4e5f60718293a4b5c6d7e8f9/temporary-relief/G-77",
        outcome: .paid, settledAt: Date(timeIntervalSince1970: 1_795_100_000))
}
