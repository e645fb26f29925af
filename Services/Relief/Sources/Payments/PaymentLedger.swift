import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The payment ledger: one row per idempotency key (`payments`, holding its latest instruction)
/// and the earlier instructions of reissued keys (`payment_attempts`). The key's uniqueness is
/// what keeps anyone from being paid twice; everything that pays goes through
/// ``enter(_:in:)`` or ``reissue(_:by:in:)``.
public struct PaymentLedger: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    public static let migration = DatabaseMigration("relief-payments-1") { database in
        try await database.create(table: "payments")
            .column("idempotency_key", type: .text, .primaryKey(autoIncrement: false))
            .column("payment_id", type: .text, .notNull)
            .column("attempts", type: .int, .notNull)
            .column("program", type: .text, .notNull)
            .column("beneficiary_id", type: .text, .notNull)
            .column("household_id", type: .text, .notNull)
            .column("period", type: .text, .notNull)
            .column("budget_year", type: .text, .notNull)
            .column("run_id", type: .text, .notNull)
            .column("amount_fen", type: .bigint, .notNull)
            .column("status", type: .text, .notNull)
            .column("failure_reason", type: .text)
            .column("approved_by", type: .text, .notNull)
            .column("instructed_by", type: .text, .notNull)
            .column("instructed_at", type: .timestamp, .notNull)
            .column("settled_at", type: .timestamp)
            .column("reissue_of", type: .text)
            .run()
        try await database.create(index: "payments_payment_id").on("payments").column("payment_id").unique().run()
        try await database.create(index: "payments_run").on("payments").column("run_id").run()
        try await database.create(index: "payments_beneficiary").on("payments").column("beneficiary_id").run()
        try await database.create(index: "payments_program_period").on("payments").column("program").column("period").run()
        try await database.create(table: "payment_attempts")
            .column("payment_id", type: .text, .primaryKey(autoIncrement: false))
            .column("idempotency_key", type: .text, .notNull)
            .column("attempt", type: .int, .notNull)
            .column("reissue_of", type: .text)
            .column("status", type: .text, .notNull)
            .column("failure_reason", type: .text)
            .column("instructed_by", type: .text, .notNull)
            .column("instructed_at", type: .timestamp, .notNull)
            .column("settled_at", type: .timestamp)
            .column("reissued_by", type: .text, .notNull)
            .column("reissued_at", type: .timestamp, .notNull)
            .unique("idempotency_key", "attempt")
            .run()
    }

    /// Who a grant is paid to, for entries with no decision behind them; benefit payments (to
    /// persons, on the payment topic) have none. Grants go on the grant topic.
    public static let grantPayeeColumn = DatabaseMigration("relief-payments-2-grant-payee") { database in
        try await database.alter(table: "payments").column("grant_payee", type: .text).run()
    }

    /// What one line of a run asks the ledger to pay.
    public struct Owed: Sendable {
        public let key: String
        /// ``ReliefProgram/ledgerProgram``.
        public let program: String
        public let grantPayee: GrantPaymentInstruction.Payee?
        public let beneficiaryId: String
        public let householdId: String
        public let period: String
        public let amountFen: Int
    }

    /// Payments ready to enter the ledger: their rows and their first instructions, built
    /// outside the transaction that enters them, so that a release encodes one batch while the
    /// database writes the one before.
    struct Batch: Sendable {
        let keys: [String]
        fileprivate let rows: [[any Encodable & Sendable]]
        fileprivate let instructions: [Outbox.Entry]

        init(_ owed: [Owed], approvedBy: String, runId: String, at now: Date = Date()) throws {
            keys = owed.map(\.key)
            var rows: [[any Encodable & Sendable]] = []
            var instructions: [Outbox.Entry] = []
            rows.reserveCapacity(owed.count)
            instructions.reserveCapacity(owed.count)
            for line in owed {
                let paymentId = PaymentKey.paymentId(key: line.key, attempt: 1)
                rows.append([line.key, paymentId, 1, line.program, line.beneficiaryId, line.householdId, line.period,
                             (Month(line.period)?.yearText ?? ""), runId, line.amountFen, Payment.Status.instructed.rawValue,
                             approvedBy, approvedBy, now, line.grantPayee?.rawValue])
                instructions.append(try PaymentLedger.instruction(
                    for: line, paymentId: paymentId, runId: runId, approvedBy: approvedBy, at: now))
            }
            self.rows = rows
            self.instructions = instructions
        }
    }

    /// Enters `batch` in the ledger and adds the instructions of the keys entered to the outbox,
    /// all in the caller's transaction. Keys already in the ledger are left as they are.
    /// - Returns: the keys entered now (the others were already owed under another run).
    func enter(_ batch: Batch, in database: any SQLDatabase) async throws -> Set<String> {
        guard !batch.keys.isEmpty else { return [] }
        let entered = Set(try await database.insertRows(
            into: "payments",
            columns: ["idempotency_key", "payment_id", "attempts", "program", "beneficiary_id", "household_id", "period",
                      "budget_year", "run_id", "amount_fen", "status", "approved_by", "instructed_by", "instructed_at", "grant_payee"],
            rows: batch.rows, ignoringConflictsOn: ["idempotency_key"], returning: "idempotency_key"
        ).map { try $0.decode(column: "idempotency_key", as: String.self) })
        let fresh = zip(batch.keys, batch.instructions).filter { entered.contains($0.0) }.map(\.1)
        try await Outbox.append(fresh, in: database)
        return entered
    }

    /// Instructs a failed payment again under the same idempotency key, as the next attempt, in
    /// the caller's transaction. Only ``PaymentReissues`` calls it, once a second finance officer
    /// has approved.
    /// - Returns: the payment's idempotency key.
    func reissue(_ payment: Payment, by staff: StaffIdentity, in database: any SQLDatabase) async throws -> String {
        let paymentId = payment.paymentId
        let attempt = payment.attempts + 1
        let newId = PaymentKey.paymentId(key: payment.idempotencyKey, attempt: attempt)
        let now = Date()
        try await database.insert(into: "payment_attempts")
            .columns("payment_id", "idempotency_key", "attempt", "reissue_of", "status", "failure_reason", "instructed_by",
                     "instructed_at", "settled_at", "reissued_by", "reissued_at")
            .values(SQLBind(paymentId), SQLBind(payment.idempotencyKey), SQLBind(payment.attempts), SQLBind(payment.reissueOf),
                    SQLBind(payment.status.rawValue), SQLBind(payment.failureReason), SQLBind(payment.instructedBy),
                    SQLBind(payment.instructedAt), SQLBind(payment.settledAt), SQLBind(staff.staffID), SQLBind(now))
            .run()
        try await database.update("payments")
            .set("payment_id", to: SQLBind(newId)).set("attempts", to: SQLBind(attempt)).set("reissue_of", to: SQLBind(paymentId))
            .set("status", to: SQLBind(Payment.Status.instructed.rawValue)).set("failure_reason", to: SQLLiteral.null)
            .set("instructed_by", to: SQLBind(staff.staffID)).set("instructed_at", to: SQLBind(now))
            .set("settled_at", to: SQLLiteral.null)
            .where("idempotency_key", .equal, SQLBind(payment.idempotencyKey)).run()
        let owed = Owed(
            key: payment.idempotencyKey, program: payment.program, grantPayee: payment.grantPayee,
            beneficiaryId: payment.beneficiaryId, householdId: payment.householdId, period: payment.period,
            amountFen: payment.amountFen)
        try await Outbox.append([Self.instruction(for: owed, paymentId: newId, runId: payment.runId, reissueOf: paymentId,
                                                  approvedBy: payment.approvedBy, at: now)], in: database)
        return payment.idempotencyKey
    }

    /// The latest instruction `paymentId`, locked for the caller's transaction.
    /// - Throws: 404 unless `paymentId` is the latest instruction of a key.
    func lockedLatest(_ paymentId: String, in database: any SQLDatabase) async throws -> Payment {
        guard let payment = try await Self.payments(in: database, { $0.where("payment_id", .equal, SQLBind(paymentId)).for(.update) }).first else {
            throw NotFound("no payment '\(paymentId)' is the latest instruction of any key")
        }
        return payment
    }

    public func payment(key: String) async throws -> Payment? {
        try await database.withConnection { database in
            try await Self.payments(in: database) { $0.where("idempotency_key", .equal, SQLBind(key)) }.first
        }
    }

    /// Ledger entries matching every filter given, in key order.
    public func payments(beneficiary: String? = nil, program: String? = nil, period: String? = nil, runId: String? = nil) async throws -> [Payment] {
        try await database.withConnection { database in
            try await Self.payments(in: database) { select in
                var select = select
                if let beneficiary { select = select.where("beneficiary_id", .equal, SQLBind(beneficiary)) }
                if let program { select = select.where("program", .equal, SQLBind(program)) }
                if let period { select = select.where("period", .equal, SQLBind(period)) }
                if let runId { select = select.where("run_id", .equal, SQLBind(runId)) }
                return select.orderBy("idempotency_key")
            }
        }
    }

    /// One page of the ledger by beneficiary, or by program and month, in idempotency-key order,
    /// paged in SQL on the read connection.
    public func payments(beneficiary: String?, program: String?, period: String?, page: PageRequest) async throws -> Page<Payment> {
        try await database.withReadConnection { database in
            func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                var select = select.from("payments")
                if let beneficiary { select = select.where("beneficiary_id", .equal, SQLBind(beneficiary)) }
                if let program { select = select.where("program", .equal, SQLBind(program)) }
                if let period { select = select.where("period", .equal, SQLBind(period)) }
                return select
            }
            let total = try await filtered(database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let payments = try await filtered(database.select().column("*")).orderBy("idempotency_key")
                .limit(page.pageSize).offset(page.offset).all()
                .map { try $0.decode(model: Payment.self, keyDecodingStrategy: .convertFromSnakeCase) }
            return Page(payments, of: page, total: total)
        }
    }

    /// Fen already owed under `program` in budget year `year`, whatever the payments' status
    /// (a failed payment is reissued, so it stays committed).
    static func committed(program: String, year: String, in database: any SQLDatabase) async throws -> Int {
        let row = try await database.select()
            .column(SQLFunction("COALESCE", args: SQLRaw("CAST(SUM(amount_fen) AS BIGINT)"), SQLLiteral.numeric("0")), as: "total")
            .from("payments").where("program", .equal, SQLBind(program)).where("budget_year", .equal, SQLBind(year))
            .first()
        return try row?.decode(column: "total", as: Int.self) ?? 0
    }

    /// The instruction for `line` under `paymentId`: on the payment topic for a benefit, on the
    /// grant topic for a grant.
    static func instruction(
        for line: Owed, paymentId: String, runId: String?, reissueOf: String? = nil, approvedBy: String, at time: Date
    ) throws -> Outbox.Entry {
        if let payee = line.grantPayee {
            return try Outbox.Entry(GrantPaymentInstruction(
                paymentId: paymentId, idempotencyKey: line.key, runId: runId, programId: line.program, payee: payee,
                payeeId: line.beneficiaryId, householdId: line.householdId.isEmpty ? nil : line.householdId,
                period: line.period, amountFen: line.amountFen, reissueOf: reissueOf, approvedBy: approvedBy,
                instructedAt: time), id: paymentId, time: time)
        }
        guard let benefit = BenefitProgram(rawValue: line.program) else {
            throw PaymentError.unknownProgram(paymentId: paymentId, program: line.program)
        }
        return try Outbox.Entry(PaymentInstruction(
            paymentId: paymentId, idempotencyKey: line.key, runId: runId, program: benefit,
            beneficiaryId: line.beneficiaryId, householdId: line.householdId, period: line.period,
            amountFen: line.amountFen, reissueOf: reissueOf, approvedBy: approvedBy, instructedAt: time), id: paymentId, time: time)
    }

    static func payments(in database: any SQLDatabase, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Payment] {
        try await filter(database.select().column("*").from("payments")).all().map { row in
            try row.decode(model: Payment.self, keyDecodingStrategy: .convertFromSnakeCase)
        }
    }
}
