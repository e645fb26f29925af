import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Payroll runs per program and month: draft (computed from the entitlements, decisions,
/// claims, campaign lists or care facilities, and the catalog) -> approved (four-eyes; two approvers above a program's threshold)
/// -> released (instructions through the outbox) -> reconciled. At most one run per program and
/// month is open at a time; a later run for the same month pays only what no earlier run paid.
public struct PayrollDesk: Sendable {
    let database: ServiceDatabase
    let catalog: ProgramCatalog
    let entitlements: EntitlementLedger
    let ledger: PaymentLedger
    /// Lines per release transaction: small enough to keep each commit short (about half a
    /// second), large enough that a run of 100,000 is twenty commits. Each commit rewrites the
    /// pages its lines touched in the payment-id and event-id indexes, whose keys are hashes, so
    /// fewer, larger commits write far less (relief-benchmark, release alone: 9.6 s at 1,000 per
    /// commit, 7.3 s at 10,000).
    let releaseBatchSize: Int
    let clock: BureauClock

    public init(
        database: ServiceDatabase, catalog: ProgramCatalog, entitlements: EntitlementLedger, ledger: PaymentLedger,
        releaseBatchSize: Int = 5000, clock: BureauClock = .system
    ) {
        self.clock = clock
        self.database = database
        self.catalog = catalog
        self.entitlements = entitlements
        self.ledger = ledger
        self.releaseBatchSize = releaseBatchSize
    }

    public static let migration = DatabaseMigration("relief-payroll-1") { database in
        try await database.create(table: "payroll_runs")
            .column("run_id", type: .text, .primaryKey(autoIncrement: false))
            .column("program", type: .text, .notNull)
            .column("benefit", type: .text, .notNull)
            .column("period", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("catalog_version", type: .text, .notNull)
            .column("beneficiary_count", type: .int, .notNull)
            .column("total_fen", type: .bigint, .notNull)
            .column("held_count", type: .int, .notNull)
            .column("required_approvals", type: .int, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .timestamp, .notNull)
            .column("released_by", type: .text)
            .column("released_at", type: .timestamp)
            .column("reconciled_by", type: .text)
            .column("reconciled_at", type: .timestamp)
            .column("cancelled_by", type: .text)
            .column("cancelled_at", type: .timestamp)
            .run()
        try await database.create(table: "payroll_run_approvals")
            .column("run_id", type: .text, .notNull)
            .column("approved_by", type: .text, .notNull)
            .column("approved_at", type: .timestamp, .notNull)
            .primaryKey("run_id", "approved_by")
            .run()
        try await database.create(table: "open_payroll_runs")
            .column("program", type: .text, .notNull)
            .column("period", type: .text, .notNull)
            .column("run_id", type: .text, .notNull)
            .primaryKey("program", "period")
            .run()
        try await database.create(table: "payroll_lines")
            .column("run_id", type: .text, .notNull)
            .column("idempotency_key", type: .text, .notNull)
            .column("beneficiary_id", type: .text, .notNull)
            .column("household_id", type: .text, .notNull)
            .column("amount_fen", type: .bigint, .notNull)
            .column("source_id", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("note", type: .text)
            .primaryKey("run_id", "idempotency_key")
            .run()
    }

    /// A care settlement run may be one provider's.
    public static let payeeColumn = DatabaseMigration("relief-payroll-runs-payee-1") { database in
        try await database.alter(table: "payroll_runs").column("payee", type: .text).run()
    }

    /// Computes a draft run for `programId` in `period`.
    /// - Throws: ``PayrollError/runOpen(runId:program:period:)`` when a run for the month is still
    ///   open, ``PayrollError/budgetExceeded(program:year:budgetFen:committedFen:remainingFen:runTotalFen:)``
    ///   with the figures when the run would exceed the year's remaining budget.
    /// - Parameter payee: for a care settlement, one provider's month in a run of its own (so that
    ///   one provider's questions hold up no other's payment); nil: every provider.
    public func draft(program programId: String, period: String, payee: String? = nil, by staff: StaffIdentity) async throws -> PayrollRun {
        guard Month(period) != nil else {
            throw InvalidInput("period must be YYYY-MM", fields: ["period": "YYYY-MM"])
        }
        guard let program = catalog.program(programId) else {
            throw InvalidInput("unknown program '\(programId)'", fields: ["program": "not in the catalog"])
        }
        if let payee {
            guard program.kind == .careSettlement else {
                throw InvalidInput("a payee is named only for a care settlement", fields: ["payee": "care-settlement programs only"])
            }
            guard payee.range(of: "^[A-Za-z0-9][A-Za-z0-9-]{0,63}$", options: .regularExpression) != nil else {
                throw InvalidInput("payee is an organization id", fields: ["payee": "an organization id"])
            }
        }
        // The open-run guard is per program and month, or per provider's month for a provider's own run.
        let openKey = payee.map { "\(programId)/\($0)" } ?? programId
        guard let rate = program.rate(in: period) else {
            throw PayrollError.noRate(program: programId, period: period)
        }
        let now = clock.now
        let runId: String = try await database.transaction { database in
            let existing = try await database.select().column("run_id").from("payroll_runs")
                .where("program", .equal, SQLBind(programId)).where("period", .equal, SQLBind(period)).all().count
            let runId = "RUN-\(programId)-\(period)-\(existing + 1)"
            AuditTrail.name(runId)
            let opened = try await database.insert(into: "open_payroll_runs").columns("program", "period", "run_id")
                .values(SQLBind(openKey), SQLBind(period), SQLBind(runId))
                .ignoringConflicts(with: ["program", "period"]).returning("run_id").all()
            guard !opened.isEmpty else {
                let open = try await database.select().column("run_id").from("open_payroll_runs")
                    .where("program", .equal, SQLBind(openKey)).where("period", .equal, SQLBind(period))
                    .first()?.decode(column: "run_id", as: String.self) ?? "?"
                throw PayrollError.runOpen(runId: open, program: programId, period: period)
            }
            var paid = database.select().columns("idempotency_key", "household_id").from("payments")
                .where("program", .equal, SQLBind(program.ledgerProgram))
            if program.kind == .monthly { paid = paid.where("period", .equal, SQLBind(period)) }
            var alreadyPaid = Set<String>()
            for row in try await paid.all() {
                alreadyPaid.insert(try row.decode(column: "idempotency_key", as: String.self))
                // A household-level month is paid once per household, whatever key paid it
                // (before household keys, the person's).
                if program.kind == .monthly, let benefit = program.benefit, benefit.isHouseholdLevel {
                    alreadyPaid.insert(PaymentKey.household(
                        try row.decode(column: "household_id", as: String.self), program: benefit, period: period))
                }
            }
            let lines = try await PayrollCandidates.lines(
                program: program, rate: rate, period: period, entitlements: entitlements, in: database)
                .filter { !alreadyPaid.contains($0.key) && (payee == nil || $0.beneficiaryId == payee) }
            let payable = lines.filter { $0.heldBecause == nil && $0.stoppedBecause == nil }
            let held = lines.filter { $0.heldBecause != nil }.count
            let total = try Fen.sum(payable.map { Fen($0.amountFen) }).value
            try await checkBudget(program: program, period: period, runTotal: total, excluding: runId, in: database)
            let required = rate.secondApprovalAboveFen.map { limit in payable.contains { $0.amountFen > limit } ? 2 : 1 } ?? 1
            try await database.insert(into: "payroll_runs")
                .columns("run_id", "program", "benefit", "period", "status", "catalog_version", "beneficiary_count",
                         "total_fen", "held_count", "required_approvals", "created_by", "created_at", "payee")
                .values(SQLBind(runId), SQLBind(programId), SQLBind(program.benefit?.rawValue ?? ""), SQLBind(period),
                        SQLBind(PayrollRun.State.draft.rawValue), SQLBind(catalog.version), SQLBind(payable.count),
                        SQLBind(total), SQLBind(held), SQLBind(required), SQLBind(staff.staffID),
                        SQLBind(now), SQLBind(payee))
                .run()
            _ = try await database.insertRows(
                into: "payroll_lines",
                columns: ["run_id", "idempotency_key", "beneficiary_id", "household_id", "amount_fen", "source_id", "state", "note"],
                rows: lines.map { line in
                    [runId, line.key, line.beneficiaryId, line.householdId, line.amountFen, line.sourceId,
                     (line.stoppedBecause != nil ? PayrollLine.State.stopped : line.heldBecause != nil ? .held : .pending).rawValue,
                     line.heldBecause ?? line.stoppedBecause]
                })
            if program.kind == .careSettlement {
                try await CareSettlements.attach(runId: runId, lines: lines, in: database)
            }
            try await announce(runId, .draft, by: staff.staffID, at: now, in: database)
            return runId
        }
        return try await run(runId)
    }

    /// Records `approver`'s approval; the run is approved once it has as many as it needs.
    public func approve(_ runId: String, by approver: StaffIdentity) async throws -> PayrollRun {
        try await database.transaction { database in
            let run = try await lockedRun(runId, in: database)
            try expect(run, in: [.draft], to: "be approved")
            try FourEyes.check(submittedBy: run.createdBy, decidedBy: approver, what: "payroll run")
            guard !run.approvals.contains(where: { $0.approvedBy == approver.staffID }) else {
                throw PayrollError.alreadyApproved(staffID: approver.staffID, runId: runId)
            }
            let now = clock.now
            try await database.insert(into: "payroll_run_approvals").columns("run_id", "approved_by", "approved_at")
                .values(SQLBind(runId), SQLBind(approver.staffID), SQLBind(now)).run()
            guard run.approvals.count + 1 >= run.requiredApprovals else { return }
            if let program = catalog.program(run.program) {
                try await checkBudget(program: program, period: run.period, runTotal: run.totalFen,
                                      excluding: runId, in: database)
            }
            try await setStatus(runId, .approved, in: database)
            try await announce(runId, .approved, by: approver.staffID, at: now, in: database)
        }
        return try await run(runId)
    }

    /// Cancels a run that has not been released; its month can then be drafted again.
    public func cancel(_ runId: String, by staff: StaffIdentity) async throws -> PayrollRun {
        try await database.transaction { database in
            let run = try await lockedRun(runId, in: database)
            try expect(run, in: [.draft, .approved], to: "be cancelled")
            let now = clock.now
            try await database.update("payroll_runs").set("status", to: SQLBind(PayrollRun.State.cancelled.rawValue))
                .set("cancelled_by", to: SQLBind(staff.staffID)).set("cancelled_at", to: SQLBind(now))
                .where("run_id", .equal, SQLBind(runId)).run()
            try await database.delete(from: "open_payroll_runs").where("run_id", .equal, SQLBind(runId)).run()
            try await announce(runId, .cancelled, by: staff.staffID, at: now, in: database)
        }
        return try await run(runId)
    }

    public func run(_ runId: String) async throws -> PayrollRun {
        try await database.withConnection { database in
            guard let run = try await Self.run(runId, in: database) else { throw NotFound("no payroll run '\(runId)'") }
            return run
        }
    }

    public func runs(program: String? = nil, period: String? = nil) async throws -> [PayrollRun] {
        try await database.withConnection { database in
            var select = database.select().column("run_id").from("payroll_runs")
            if let program { select = select.where("program", .equal, SQLBind(program)) }
            if let period { select = select.where("period", .equal, SQLBind(period)) }
            var runs: [PayrollRun] = []
            for row in try await select.orderBy("created_at").all() {
                if let run = try await Self.run(try row.decode(column: "run_id", as: String.self), in: database) { runs.append(run) }
            }
            return runs
        }
    }

    /// The runs, newest first, a page at a time (the console's list).
    public func runs(page: PageRequest) async throws -> Page<PayrollRun> {
        try await database.withConnection { database in
            let total = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("payroll_runs")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            var runs: [PayrollRun] = []
            for row in try await database.select().column("run_id").from("payroll_runs")
                .orderBy("created_at", .descending).orderBy("run_id", .descending).limit(page.pageSize).offset(page.offset).all() {
                if let run = try await Self.run(try row.decode(column: "run_id", as: String.self), in: database) { runs.append(run) }
            }
            return Page(runs, of: page, total: total)
        }
    }

    public func lines(_ runId: String) async throws -> [PayrollLine] {
        _ = try await run(runId)
        return try await database.withConnection { database in
            try await database.select().column("*").from("payroll_lines").where("run_id", .equal, SQLBind(runId))
                .orderBy("idempotency_key").all().map { try $0.decode(model: PayrollLine.self, keyDecodingStrategy: .convertFromSnakeCase) }
        }
    }

    /// One page of the run's lines, in idempotency-key order, paged in SQL on the read connection.
    public func lines(_ runId: String, page: PageRequest) async throws -> Page<PayrollLine> {
        _ = try await run(runId)
        return try await database.withReadConnection { database in
            let total = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("payroll_lines").where("run_id", .equal, SQLBind(runId)).first()?.decode(column: "n", as: Int.self) ?? 0
            let lines = try await database.select().column("*").from("payroll_lines").where("run_id", .equal, SQLBind(runId))
                .orderBy("idempotency_key").limit(page.pageSize).offset(page.offset).all()
                .map { try $0.decode(model: PayrollLine.self, keyDecodingStrategy: .convertFromSnakeCase) }
            return Page(lines, of: page, total: total)
        }
    }

    /// Refuses a run whose total is more than the year's budget less what is committed: the
    /// ledger's payments of the year, and the unreleased lines of other approved runs.
    func checkBudget(
        program: ReliefProgram, period: String, runTotal: Int, excluding runId: String,
        in database: any SQLDatabase
    ) async throws {
        let year = (Month(period)?.yearText ?? "")
        let budget = program.budget(forYearOf: period) ?? 0
        let paid = try await PaymentLedger.committed(program: program.ledgerProgram, year: year, in: database)
        let pendingRow = try await database.select()
            .column(SQLFunction("COALESCE", args: SQLRaw("CAST(SUM(l.amount_fen) AS BIGINT)"), SQLLiteral.numeric("0")), as: "total")
            .from(SQLAlias(SQLIdentifier("payroll_lines"), as: SQLIdentifier("l")))
            .join(SQLAlias(SQLIdentifier("payroll_runs"), as: SQLIdentifier("r")), on: SQLColumn("run_id", table: "l"), .equal, SQLColumn("run_id", table: "r"))
            .where(SQLColumn("program", table: "r"), .equal, SQLBind(program.id))
            .where(SQLColumn("status", table: "r"), .in, SQLBind.group([PayrollRun.State.approved, .releasing].map(\.rawValue)))
            .where(SQLColumn("run_id", table: "r"), .notEqual, SQLBind(runId))
            .where(SQLColumn("state", table: "l"), .equal, SQLBind(PayrollLine.State.pending.rawValue))
            .where(SQLColumn("period", table: "r"), .like, SQLBind(year + "-%"))
            .first()
        let pending = try pendingRow?.decode(column: "total", as: Int.self) ?? 0
        let committed = try (Fen(paid) + Fen(pending)).value
        let remaining = try (Fen(budget) - Fen(committed)).value
        guard runTotal <= remaining else {
            throw PayrollError.budgetExceeded(
                program: program.id, year: year, budgetFen: budget, committedFen: committed, remainingFen: remaining,
                runTotalFen: runTotal)
        }
    }

    func lockedRun(_ runId: String, in database: any SQLDatabase) async throws -> PayrollRun {
        _ = try await database.select().column("run_id").from("payroll_runs").where("run_id", .equal, SQLBind(runId))
            .for(.update).first()
        guard let run = try await Self.run(runId, in: database) else { throw NotFound("no payroll run '\(runId)'") }
        return run
    }

    func expect(_ run: PayrollRun, in states: Set<PayrollRun.State>, to action: String) throws(PayrollError) {
        guard states.contains(run.status) else { throw .wrongState(runId: run.runId, state: run.status, action: action) }
    }

    func setStatus(_ runId: String, _ status: PayrollRun.State, in database: any SQLDatabase) async throws {
        try await database.update("payroll_runs").set("status", to: SQLBind(status.rawValue))
            .where("run_id", .equal, SQLBind(runId)).run()
    }

    /// Announces the run's new status on the payroll topic's version 2 (every run) and, for
    /// benefit runs, on version 1 too. Each has a stable event id of its own (`run/status` on
    /// version 1, as before; `run/status/v2`), so a retried request adds neither twice.
    func announce(_ runId: String, _ status: PayrollRunStatus.Status, by staff: String, at time: Date, in database: any SQLDatabase) async throws {
        guard let run = try await Self.run(runId, in: database) else { return }
        let id = "\(runId)/\(status.rawValue)"
        try await Outbox.append(
            PayrollRunStatusV2(runId: runId, programId: run.program, programName: catalog.program(run.program)?.name, benefit: run.benefit,
                               payee: catalog.program(run.program)?.grantPayee ?? .person, period: run.period, status: status,
                               beneficiaryCount: run.beneficiaryCount, totalFen: run.totalFen, changedBy: staff, changedAt: time),
            id: id + "/v2", time: time, in: database)
        guard let benefit = run.benefit else { return }
        try await Outbox.append(
            PayrollRunStatus(runId: runId, program: benefit, period: run.period, status: status,
                             beneficiaryCount: run.beneficiaryCount, totalFen: run.totalFen, changedBy: staff, changedAt: time),
            id: id, time: time, in: database)
    }

    static func run(_ runId: String, in database: any SQLDatabase) async throws -> PayrollRun? {
        guard let row = try await database.select().column("*").from("payroll_runs").where("run_id", .equal, SQLBind(runId)).first() else {
            return nil
        }
        let approvals = try await database.select().column("*").from("payroll_run_approvals")
            .where("run_id", .equal, SQLBind(runId)).orderBy("approved_at").all().map { row in
                PayrollRun.Approval(approvedBy: try row.decode(column: "approved_by", as: String.self),
                                    approvedAt: try row.decode(column: "approved_at", as: Date.self))
            }
        let stopped = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("payroll_lines")
            .where("run_id", .equal, SQLBind(runId)).where("state", .equal, SQLBind(PayrollLine.State.stopped.rawValue))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        return PayrollRun(
            runId: runId, program: try row.decode(column: "program", as: String.self),
            benefit: BenefitProgram(rawValue: try row.decode(column: "benefit", as: String.self)),
            period: try row.decode(column: "period", as: String.self),
            payee: try row.decode(column: "payee", as: String?.self),
            status: PayrollRun.State(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            catalogVersion: try row.decode(column: "catalog_version", as: String.self),
            beneficiaryCount: try row.decode(column: "beneficiary_count", as: Int.self),
            totalFen: try row.decode(column: "total_fen", as: Int.self),
            heldCount: try row.decode(column: "held_count", as: Int.self),
            stoppedCount: stopped,
            requiredApprovals: try row.decode(column: "required_approvals", as: Int.self), approvals: approvals,
            createdBy: try row.decode(column: "created_by", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            releasedBy: try row.decode(column: "released_by", as: String?.self),
            releasedAt: try row.decode(column: "released_at", as: Date?.self),
            reconciledBy: try row.decode(column: "reconciled_by", as: String?.self),
            reconciledAt: try row.decode(column: "reconciled_at", as: Date?.self),
            cancelledBy: try row.decode(column: "cancelled_by", as: String?.self),
            cancelledAt: try row.decode(column: "cancelled_at", as: Date?.self))
    }
}
