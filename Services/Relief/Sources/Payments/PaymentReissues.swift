import CivilDomain
import Foundation
import ServiceKit
import SQLKit

/// Reissuing a failed payment sends money again, so it takes two finance officers: one asks
/// (with a reason), another approves. A key is instructed at most ``maximumAttempts`` times, and
/// never once its run is reconciled or cancelled: after that, the books are closed and a payment
/// that still failed needs a new decision, not another try.
public struct PaymentReissues: Sendable {
    /// Instructions per idempotency key, the first included.
    public static let maximumAttempts = 3

    let database: ServiceDatabase
    let ledger: PaymentLedger

    public init(database: ServiceDatabase, ledger: PaymentLedger) {
        self.database = database
        self.ledger = ledger
    }

    public static let migration = DatabaseMigration("relief-payment-reissues-1") { database in
        try await database.create(table: "payment_reissues")
            .column("payment_id", type: .text, .primaryKey(autoIncrement: false))
            .column("idempotency_key", type: .text, .notNull)
            .column("reason", type: .text, .notNull)
            .column("requested_by", type: .text, .notNull)
            .column("requested_at", type: .timestamp, .notNull)
            .column("approved_by", type: .text)
            .column("approved_at", type: .timestamp)
            .run()
    }

    /// A finance officer's request to instruct a failed payment again, and its approval.
    public struct Request: Codable, Sendable, Equatable {
        public let paymentId: String
        public let idempotencyKey: String
        public let reason: String
        public let requestedBy: String
        public let requestedAt: Date
        public let approvedBy: String?
        public let approvedAt: Date?
    }

    /// Records the request; asking again for the same failed instruction returns the first request.
    /// - Throws: 404, or ``PaymentError`` when the payment cannot be reissued at all.
    public func request(paymentId: String, reason: String, by staff: StaffIdentity, now: Date = Date()) async throws -> Request {
        try await database.transaction { database in
            let payment = try await ledger.lockedLatest(paymentId, in: database)
            try await Self.expectReissuable(payment, in: database)
            try await database.insert(into: "payment_reissues")
                .columns("payment_id", "idempotency_key", "reason", "requested_by", "requested_at")
                .values(SQLBind(paymentId), SQLBind(payment.idempotencyKey), SQLBind(reason), SQLBind(staff.staffID), SQLBind(now))
                .ignoringConflicts(with: ["payment_id"])
                .run()
            return try await Self.load(paymentId, in: database)!
        }
    }

    /// A second finance officer approves: the payment is instructed again under its key. Checked
    /// again inside the transaction, against the stored requester and the run's state now.
    public func approve(paymentId: String, by staff: StaffIdentity, now: Date = Date()) async throws -> Payment {
        let key: String = try await database.transaction { database in
            let payment = try await ledger.lockedLatest(paymentId, in: database)
            guard let request = try await Self.load(paymentId, in: database), request.approvedBy == nil else {
                throw PaymentError.reissueNotRequested(paymentId: paymentId)
            }
            try FourEyes.check(submittedBy: request.requestedBy, decidedBy: staff, what: "reissue")
            try await Self.expectReissuable(payment, in: database)
            try await database.update("payment_reissues")
                .set("approved_by", to: SQLBind(staff.staffID)).set("approved_at", to: SQLBind(now))
                .where("payment_id", .equal, SQLBind(paymentId)).run()
            return try await ledger.reissue(payment, by: staff, in: database)
        }
        return try await ledger.payment(key: key)!
    }

    private static func expectReissuable(_ payment: Payment, in database: any SQLDatabase) async throws {
        guard payment.status == .failed else {
            throw PaymentError.notReissuable(paymentId: payment.paymentId, status: payment.status.rawValue)
        }
        guard payment.attempts < maximumAttempts else {
            throw PaymentError.reissueLimit(paymentId: payment.paymentId, attempts: payment.attempts, maximum: maximumAttempts)
        }
        let state = try await database.select().column("status").from("payroll_runs")
            .where("run_id", .equal, SQLBind(payment.runId)).first()?.decode(column: "status", as: String.self)
        guard state == PayrollRun.State.released.rawValue else {
            throw PaymentError.runClosed(paymentId: payment.paymentId, runId: payment.runId, state: state ?? "unknown")
        }
    }

    private static func load(_ paymentId: String, in database: any SQLDatabase) async throws -> Request? {
        try await database.select().column("*").from("payment_reissues").where("payment_id", .equal, SQLBind(paymentId)).first()
            .map { try $0.decode(model: Request.self, keyDecodingStrategy: .convertFromSnakeCase) }
    }
}
