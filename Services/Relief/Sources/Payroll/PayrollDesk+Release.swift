import CivilDomain
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
        let run = try await database.transaction { database in
            let run = try await lockedRun(runId, in: database)
            try expect(run, in: [.approved, .releasing, .released], to: "be released")
            guard run.status == .approved else { return run }
            try await database.update("payroll_runs").set("status", to: SQLBind(PayrollRun.State.releasing.rawValue))
                .set("released_by", to: SQLBind(staff.staffID)).set("released_at", to: SQLBind(clock.now))
                .where("run_id", .equal, SQLBind(runId)).run()
            return try await lockedRun(runId, in: database)
        }
        if run.status == .releasing {
            try await releasePendingLines(of: run)
            try await database.transaction { database in
                let run = try await lockedRun(runId, in: database)
                guard run.status == .releasing else { return }
                try await setStatus(runId, .released, in: database)
                try await database.delete(from: "open_payroll_runs").where("run_id", .equal, SQLBind(runId)).run()
                try await announce(runId, .released, by: run.releasedBy ?? staff.staffID, at: clock.now, in: database)
            }
        }
        return try await self.run(runId)
    }

    /// Enters the run's pending lines in key order. The lines are read ten batches at a time,
    /// outside the write transactions, and each batch's rows and instructions (their JSON is a
    /// tenth of a release's CPU time) are built while the database writes the batch before.
    /// Measured with `RELIEF_BENCH_SEQUENTIAL=1 relief-benchmark`, 100,000 lines: 11.9 s without
    /// the overlap, 10.7 to 11.3 s with it.
    private func releasePendingLines(of run: PayrollRun) async throws {
        guard let program = catalog.program(run.program) else {
            throw PayrollError.programNotInCatalog(program: run.program, runId: run.runId)
        }
        let approver = run.approvals.last?.approvedBy ?? run.releasedBy ?? "unknown"
        let batchOf = { @Sendable (lines: ArraySlice<PaymentLedger.Owed>) in
            Task { try PaymentLedger.Batch(Array(lines), approvedBy: approver, runId: run.runId) }
        }
        var cursor = ""
        while true {
            let lines = try await pendingLines(of: run, program: program, after: cursor, limit: releaseBatchSize * 10)
            guard let last = lines.last else { return }
            let slices = stride(from: 0, to: lines.count, by: releaseBatchSize).map {
                lines[$0..<min($0 + releaseBatchSize, lines.count)]
            }
            var next = batchOf(slices[0])
            for index in slices.indices {
                let batch = try await next.value
                if index + 1 < slices.count { next = batchOf(slices[index + 1]) }
                guard try await enter(batch, of: run.runId, settling: program.kind == .careSettlement ? run : nil, approvedBy: approver) else { return }
            }
            cursor = last.key
        }
    }

    /// Up to `limit` pending lines of the run after `cursor`, in key order.
    private func pendingLines(
        of run: PayrollRun, program: ReliefProgram, after cursor: String, limit: Int
    ) async throws -> [PaymentLedger.Owed] {
        try await database.withConnection { database in
            try await database.select().columns("idempotency_key", "beneficiary_id", "household_id", "amount_fen")
                .from("payroll_lines").where("run_id", .equal, SQLBind(run.runId))
                .where("idempotency_key", .greaterThan, SQLBind(cursor))
                .where("state", .equal, SQLBind(PayrollLine.State.pending.rawValue))
                .orderBy("idempotency_key").limit(limit).all()
                .map { row in
                    PaymentLedger.Owed(
                        key: try row.decode(column: "idempotency_key", as: String.self), program: program.ledgerProgram,
                        grantPayee: program.grantPayee,
                        beneficiaryId: try row.decode(column: "beneficiary_id", as: String.self),
                        householdId: try row.decode(column: "household_id", as: String.self), period: run.period,
                        amountFen: try row.decode(column: "amount_fen", as: Int.self))
                }
        }
    }

    /// One transaction of a release. The lines were read before it, so only those still
    /// pending change state: a second release of the same run, racing this one, finds the lines
    /// the first entered already instructed, and enters nothing again (the ledger's key).
    /// - Returns: false when the run is no longer releasing.
    private func enter(_ batch: PaymentLedger.Batch, of runId: String, settling: PayrollRun?, approvedBy: String) async throws -> Bool {
        try await database.transaction { database in
            let run = try await lockedRun(runId, in: database)
            guard run.status == .releasing else { return false }
            let entered = try await ledger.enter(batch, in: database)
            if let settling {
                try await CareSettlements.announce(
                    runId: runId, keys: entered, period: settling.period, approvedBy: approvedBy, at: clock.now, in: database)
            }
            let skipped = batch.keys.filter { !entered.contains($0) }
            for (keys, state) in [(Array(entered), PayrollLine.State.instructed), (skipped, .alreadyPaid)] where !keys.isEmpty {
                try await database.update("payroll_lines").set("state", to: SQLBind(state.rawValue))
                    .where("run_id", .equal, SQLBind(runId)).where("idempotency_key", .in, SQLBind.group(keys))
                    .where("state", .equal, SQLBind(PayrollLine.State.pending.rawValue)).run()
            }
            return true
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
                instructed: .init(count: all.reduce(0) { $0 + $1.count }, fen: try Fen.sum(all.map { Fen($0.fen) }).value),
                confirmed: tallies[.paid] ?? zero, failed: tallies[.failed] ?? zero, outstanding: tallies[.instructed] ?? zero)
        }
    }

    /// Closes a released run once the bank has reported on every payment.
    /// - Throws: ``PayrollError/resultsOutstanding(count:fen:)`` while results are missing.
    public func reconcile(_ runId: String, by staff: StaffIdentity) async throws -> PayrollRun {
        let report = try await reconciliation(runId)
        try await database.transaction { database in
            let run = try await lockedRun(runId, in: database)
            try expect(run, in: [.released], to: "be reconciled")
            guard report.outstanding.count == 0 else {
                throw PayrollError.resultsOutstanding(count: report.outstanding.count, fen: report.outstanding.fen)
            }
            let now = clock.now
            try await database.update("payroll_runs").set("status", to: SQLBind(PayrollRun.State.reconciled.rawValue))
                .set("reconciled_by", to: SQLBind(staff.staffID)).set("reconciled_at", to: SQLBind(now))
                .where("run_id", .equal, SQLBind(runId)).run()
            try await announce(runId, .reconciled, by: staff.staffID, at: now, in: database)
        }
        return try await run(runId)
    }
}
