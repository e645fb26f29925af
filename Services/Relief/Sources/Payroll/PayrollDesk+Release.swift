import Contracts
import Foundation
import ServiceKit
import SQLKit

extension PayrollDesk {
    /// Releases an approved run: each pending line is entered in the payment ledger and its
    /// instruction added to the outbox, `releaseBatchSize` lines per transaction. A crash part-way
    /// leaves the run `releasing` with the committed batches done; releasing again carries on
    /// from the first pending line, and the ledger's unique keys and the derived payment ids
    /// mean nothing is instructed twice. Releasing a released run changes nothing.
    public func release(_ runId: String, by staff: StaffIdentity) async throws -> PayrollRun {
        try await database.transaction { database in
            let run = try await lockedRun(runId, in: database)
            try expect(run, in: ["approved", "releasing", "released"], to: "be released")
            guard run.status == PayrollRun.Status.approved.rawValue else { return }
            try await database.update("payroll_runs").set("status", to: SQLBind("releasing"))
                .set("released_by", to: SQLBind(staff.staffID)).set("released_at", to: SQLBind(Date()))
                .where("run_id", .equal, SQLBind(runId)).run()
        }
        var cursor = ""
        while let last = try await releaseBatch(runId, after: cursor, limit: releaseBatchSize) { cursor = last }
        try await database.transaction { database in
            let run = try await lockedRun(runId, in: database)
            guard run.status == "releasing" else { return }
            try await setStatus(runId, .released, in: database)
            try await database.delete(from: "open_payroll_runs").where("run_id", .equal, SQLBind(runId)).run()
            try await announce(runId, .released, by: run.releasedBy ?? staff.staffID, at: Date(), in: database)
        }
        return try await run(runId)
    }

    /// One transaction of a release: the next pending lines in key order after `cursor`.
    /// Returns the last key done, or nil when no line is left.
    private func releaseBatch(_ runId: String, after cursor: String, limit: Int) async throws -> String? {
        try await database.transaction { database in
            let run = try await lockedRun(runId, in: database)
            guard run.status == "releasing" else { return nil }
            guard let program = catalog.program(run.program) else {
                throw Problem.conflict(kind: "program-not-in-catalog",
                                       "program \(run.program) of run \(runId) is no longer in the catalog; restore it to release the run")
            }
            let rows = try await database.select().columns("idempotency_key", "beneficiary_id", "household_id", "amount_fen")
                .from("payroll_lines").where("run_id", .equal, SQLBind(runId))
                .where("idempotency_key", .greaterThan, SQLBind(cursor))
                .where("state", .equal, SQLBind(PayrollLine.State.pending.rawValue))
                .orderBy("idempotency_key").limit(limit).all()
            guard !rows.isEmpty else { return nil }
            let owed = try rows.map { row in
                PaymentLedger.Owed(
                    key: try row.decode(column: "idempotency_key", as: String.self), program: program.ledgerProgram,
                    grantPayee: program.grantPayee,
                    beneficiaryId: try row.decode(column: "beneficiary_id", as: String.self),
                    householdId: try row.decode(column: "household_id", as: String.self), period: run.period,
                    amountFen: try row.decode(column: "amount_fen", as: Int.self))
            }
            let approver = run.approvals.last?.approvedBy ?? run.releasedBy ?? "unknown"
            let entered = try await ledger.instruct(owed, approvedBy: approver, runId: runId, in: database)
            let skipped = owed.map(\.key).filter { !entered.contains($0) }
            for (keys, state) in [(Array(entered), PayrollLine.State.instructed), (skipped, .alreadyPaid)] where !keys.isEmpty {
                try await database.update("payroll_lines").set("state", to: SQLBind(state.rawValue))
                    .where("run_id", .equal, SQLBind(runId)).where("idempotency_key", .in, SQLBind.group(keys)).run()
            }
            return owed.last?.key
        }
    }

    /// Counts and fen of the run's payments by how the bank has reported them so far.
    public func reconciliation(_ runId: String) async throws -> Reconciliation {
        _ = try await run(runId)
        return try await database.withConnection { database in
            var tallies: [Payment.Status: Reconciliation.Tally] = [:]
            let rows = try await database.select().column("status")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .column(SQLRaw("CAST(SUM(amount_fen) AS BIGINT)"), as: "fen")
                .from("payments").where("run_id", .equal, SQLBind(runId)).groupBy("status").all()
            for row in rows {
                guard let status = Payment.Status(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
                tallies[status] = .init(count: try row.decode(column: "n", as: Int.self), fen: try row.decode(column: "fen", as: Int.self))
            }
            let zero = Reconciliation.Tally(count: 0, fen: 0)
            let all = Array(tallies.values)
            return Reconciliation(
                runId: runId,
                instructed: .init(count: all.reduce(0) { $0 + $1.count }, fen: try Fen.sum(all.map(\.fen))),
                confirmed: tallies[.paid] ?? zero, failed: tallies[.failed] ?? zero, outstanding: tallies[.instructed] ?? zero)
        }
    }

    /// Closes a released run once the bank has reported on every payment.
    /// - Throws: 409 `results-outstanding` with the reconciliation while results are missing.
    public func reconcile(_ runId: String, by staff: StaffIdentity) async throws -> PayrollRun {
        let report = try await reconciliation(runId)
        try await database.transaction { database in
            let run = try await lockedRun(runId, in: database)
            try expect(run, in: [.released], to: "be reconciled")
            guard report.outstanding.count == 0 else {
                throw Problem.conflict(
                    kind: "results-outstanding", "\(report.outstanding.count) payments (\(report.outstanding.fen) fen) have no result yet",
                    extensions: ["outstandingCount": .int(report.outstanding.count), "outstandingFen": .int(report.outstanding.fen)])
            }
            let now = Date()
            try await database.update("payroll_runs").set("status", to: SQLBind(PayrollRun.Status.reconciled.rawValue))
                .set("reconciled_by", to: SQLBind(staff.staffID)).set("reconciled_at", to: SQLBind(now))
                .where("run_id", .equal, SQLBind(runId)).run()
            try await announce(runId, .reconciled, by: staff.staffID, at: now, in: database)
        }
        return try await run(runId)
    }
}
