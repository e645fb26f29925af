import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Home-care settlement as a payroll program (`kind: care-settlement`): each provider's month is
/// one line and one payment (key `<provider>/<program>/<month>`), the visits recorded and not
/// disputed, hours × rate plus the credit spent; a disputed visit is a held line with its reason.
/// The visits a run settles are written beside its lines at draft, so a dispute resolved later
/// is paid under a key of its own, and nothing is paid twice. Draft, four-eyes approval,
/// release in batches that survive a crash, and reconciliation are the payroll's.
enum CareSettlements {
    static let visits = "care_settlement_visits"

    static let migration = DatabaseMigration("relief-care-settlement-visits-1") { database in
        try await database.create(table: visits)
            .column("run_id", type: .text, .notNull)
            .column("idempotency_key", type: .text, .notNull)
            .column("visit_id", type: .text, .notNull)
            .primaryKey("run_id", "visit_id")
            .run()
        try await database.create(index: "care_settlement_visits_visit").on(visits).column("visit_id").run()
    }

    /// The month's lines: per provider, its unsettled visits (those in no run that was not cancelled).
    static func lines(program: ReliefProgram, period: String, in database: any SQLDatabase) async throws -> [PayrollCandidates.Line] {
        let rows = try await database.raw("""
            SELECT v.visit_id, v.provider_id, v.amount_fen, v.status FROM \(ident: CareVisits.table) v
            WHERE v.month = \(bind: period) AND NOT EXISTS (
                SELECT 1 FROM \(ident: visits) s JOIN payroll_runs r ON r.run_id = s.run_id
                WHERE s.visit_id = v.visit_id AND r.status <> \(bind: PayrollRun.State.cancelled.rawValue))
            ORDER BY v.provider_id, v.visit_id
            """).all()
        var byProvider: [String: [(id: String, fen: Int, disputed: Bool)]] = [:]
        for row in rows {
            byProvider[try row.decode(column: "provider_id", as: String.self), default: []].append((
                try row.decode(column: "visit_id", as: String.self), try row.decode(column: "amount_fen", as: Int.self),
                try row.decode(column: "status", as: String.self) == CareVisitRecorded.Status.disputed.rawValue))
        }
        let paidMonths = Set(try await database.select().column("idempotency_key").from("payments")
            .where("program", .equal, SQLBind(program.id)).where("period", .equal, SQLBind(period)).all()
            .map { try $0.decode(column: "idempotency_key", as: String.self) })
        var lines: [PayrollCandidates.Line] = []
        for provider in byProvider.keys.sorted() {
            let key = PaymentKey.grant(payee: provider, program: program.id, year: period)
            let visits = byProvider[provider]!
            let payable = visits.filter { !$0.disputed }
            if !payable.isEmpty {
                if paidMonths.contains(key) {
                    // Visits released from a dispute after the month was settled: each paid on its own.
                    for visit in payable {
                        lines.append(PayrollCandidates.Line(
                            key: key + "#" + visit.id, beneficiaryId: provider, householdId: "", amountFen: visit.fen, sourceId: visit.id,
                            visitIds: [visit.id]))
                    }
                } else {
                    lines.append(PayrollCandidates.Line(
                        key: key, beneficiaryId: provider, householdId: "", amountFen: try Fen.sum(payable.map { Fen($0.fen) }).value,
                        sourceId: provider, visitIds: payable.map(\.id)))
                }
            }
            for visit in visits where visit.disputed {
                lines.append(PayrollCandidates.Line(
                    key: key + "#disputed-" + visit.id, beneficiaryId: provider, householdId: "", amountFen: visit.fen, sourceId: visit.id,
                    heldBecause: "visit \(visit.id) was disputed on the satisfaction call-back"))
            }
        }
        return lines
    }

    /// Writes which visits each payable line of a draft settles.
    static func attach(runId: String, lines: [PayrollCandidates.Line], in database: any SQLDatabase) async throws {
        let rows: [[any Encodable & Sendable]] = lines.filter { $0.heldBecause == nil && $0.stoppedBecause == nil }
            .flatMap { line in line.visitIds.map { [runId, line.key, $0] as [any Encodable & Sendable] } }
        guard !rows.isEmpty else { return }
        _ = try await database.insertRows(into: visits, columns: ["run_id", "idempotency_key", "visit_id"], rows: rows)
    }

    /// The settlement events of the keys a release just entered.
    static func announce(
        runId: String, keys: Set<String>, period: String, approvedBy: String, at time: Date, in database: any SQLDatabase
    ) async throws {
        guard !keys.isEmpty else { return }
        let rows = try await database.raw("""
            SELECT s.idempotency_key, v.provider_id, COUNT(*) AS visits, CAST(SUM(v.minutes) AS BIGINT) AS minutes,
                   CAST(SUM(CASE WHEN v.paid_from = 'credit' THEN v.amount_fen ELSE 0 END) AS BIGINT) AS credit_fen,
                   CAST(SUM(v.amount_fen) AS BIGINT) AS amount_fen
            FROM \(ident: visits) s JOIN \(ident: CareVisits.table) v ON v.visit_id = s.visit_id
            WHERE s.run_id = \(bind: runId) GROUP BY s.idempotency_key, v.provider_id
            """).all()
        let held = try await database.select().column("idempotency_key").from("payroll_lines").where("run_id", .equal, SQLBind(runId))
            .where("state", .equal, SQLBind(PayrollLine.State.held.rawValue)).all()
            .map { try $0.decode(column: "idempotency_key", as: String.self) }
        for row in rows {
            let key = try row.decode(column: "idempotency_key", as: String.self)
            guard keys.contains(key) else { continue }
            let provider = try row.decode(column: "provider_id", as: String.self)
            let amount = try row.decode(column: "amount_fen", as: Int.self)
            let credit = try row.decode(column: "credit_fen", as: Int.self)
            try await Outbox.append(CareSettlement(
                settlementId: key, runId: runId, providerId: provider, month: period, visits: try row.decode(column: "visits", as: Int.self),
                minutes: try row.decode(column: "minutes", as: Int.self), hoursFen: amount - credit, creditFen: credit, amountFen: amount,
                heldVisits: held.count { $0.hasPrefix(key + "#disputed-") }, approvedBy: approvedBy, releasedAt: time),
                id: "settlement/" + key, time: time, in: database)
        }
    }
}
