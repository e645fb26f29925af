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
        if result.outcome == .failed, (result.failureReason ?? "").isEmpty {
            throw PermanentEventError("a failed result without failureReason")
        }
        guard let attempt = try await database.select().columns("idempotency_key", "status").from("payment_attempts")
            .where("payment_id", .equal, SQLBind(result.paymentId)).first()
        else {
            throw PermanentEventError("unknown payment id '\(result.paymentId)'")
        }
        let key = try attempt.decode(column: "idempotency_key", as: String.self)
        guard key == result.idempotencyKey else {
            throw PermanentEventError("payment '\(result.paymentId)' has another idempotency key than '\(result.idempotencyKey)'")
        }
        let status = try attempt.decode(column: "status", as: String.self)
        if status == result.outcome.rawValue { return }
        guard status == Payment.Status.instructed.rawValue else {
            throw PermanentEventError("payment '\(result.paymentId)' was already reported \(status)")
        }
        try await database.update("payment_attempts")
            .set("status", to: SQLBind(result.outcome.rawValue)).set("failure_reason", to: SQLBind(result.failureReason))
            .set("settled_at", to: SQLBind(result.settledAt))
            .where("payment_id", .equal, SQLBind(result.paymentId)).run()
        try await database.update("payments")
            .set("status", to: SQLBind(result.outcome.rawValue)).set("failure_reason", to: SQLBind(result.failureReason))
            .set("settled_at", to: SQLBind(result.settledAt))
            .where("payment_id", .equal, SQLBind(result.paymentId)).run()
    }
}
