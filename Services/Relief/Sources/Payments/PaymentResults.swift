import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Applies what the bank or treasury adapter reports. A result must name a payment id this
/// service instructed, under the same idempotency key; anything else is dead-lettered for the
/// finance office. A second, different result for one instruction is dead-lettered too: the
/// first stands until someone looks.
struct PaymentResults: Sendable {
    func apply(_ event: CloudEvent, in database: any SQLDatabase) async throws {
        let result = try PaymentResult(cloudEvent: event)
        if result.outcome == .failed, result.failureCode == nil, (result.failureReason ?? "").isEmpty {
            throw PermanentEventError("a failed result without failureCode (or failureReason)")
        }
        if let current = try await database.select().columns("idempotency_key", "status").from("payments")
            .where("payment_id", .equal, SQLBind(result.paymentId)).first() {
            let status = try Self.check(result, against: current)
            guard status == Payment.Status.instructed.rawValue else { return }
            try await database.update("payments")
                .set("status", to: SQLBind(result.outcome.rawValue))
                .set("failure_reason", to: SQLBind(result.failureCode?.rawValue ?? result.failureReason))
                .set("settled_at", to: SQLBind(result.settledAt))
                .where("payment_id", .equal, SQLBind(result.paymentId)).run()
        } else if let earlier = try await database.select().columns("idempotency_key", "status").from("payment_attempts")
            .where("payment_id", .equal, SQLBind(result.paymentId)).first() {
            // A result for an instruction that was since reissued: only a repeat of its failure
            // is harmless; "paid" means the key may have been paid twice.
            _ = try Self.check(result, against: earlier)
        } else {
            throw PermanentEventError("unknown payment id '\(result.paymentId)'")
        }
    }
}

extension PaymentResults {
    /// The instruction's status, once the result is known to match its key and not to contradict it.
    static func check(_ result: PaymentResult, against row: any SQLRow) throws -> String {
        let key = try row.decode(column: "idempotency_key", as: String.self)
        guard key == result.idempotencyKey else {
            throw PermanentEventError("payment '\(result.paymentId)' has another idempotency key than '\(result.idempotencyKey)'")
        }
        let status = try row.decode(column: "status", as: String.self)
        guard status == Payment.Status.instructed.rawValue || status == result.outcome.rawValue else {
            throw PermanentEventError("payment '\(result.paymentId)' was already reported \(status), now \(result.outcome.rawValue)")
        }
        return status
    }
}
