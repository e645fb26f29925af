import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

extension FilingDesk {
    /// Moves a filing from one of `from` to `to` if it still is there (racing registrars: one
    /// wins, the other gets 409), and publishes it. For registrar steps the four-eyes rule is part
    /// of the same update, against the submitters stored at that moment: a resubmission racing
    /// an approval cannot slip the approver's own filing past them.
    func transition(
        _ id: String, from: [Filing.Status], to: Filing.Status, action: String, by registrar: StaffIdentity?, reason: String? = nil,
        _ effect: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        try await database.transaction { database in
            var update = database.update("filings").set("status", to: SQLBind(to.rawValue))
            if let registrar {
                update = update.set("decided_by", to: SQLBind(registrar.staffID)).set("decided_at", to: SQLBind(Date()))
                    .set("reason", to: SQLBind(reason))
                    .where("submitted_by", .notEqual, SQLBind(registrar.staffID))
                    .where { $0.where("resubmitted_by", .is, SQLLiteral.null).orWhere("resubmitted_by", .notEqual, SQLBind(registrar.staffID)) }
            }
            let changed = try await update.where("id", .equal, SQLBind(id))
                .where("status", .in, SQLBind.group(from.map(\.rawValue))).returning("id").all()
            guard !changed.isEmpty else {
                guard let filing = try await Self.filings(in: database, { $0.where("id", .equal, SQLBind(id)) }).first else {
                    throw NotFound("no filing '\(id)'")
                }
                if let registrar, from.contains(filing.status) {
                    try FourEyes.check(submittedBy: filing.submittedBy, decidedBy: registrar, what: "filing")
                    try FourEyes.check(submittedBy: filing.resubmittedBy ?? "", decidedBy: registrar, what: "filing")
                }
                throw FilingError.wrongState("the filing is \(filing.status.rawValue); it cannot \(action)", status: filing.status.rawValue)
            }
            try await effect(database)
            try await announce(id, in: database)
        }
    }

    func announce(_ id: String, in database: any SQLDatabase) async throws {
        guard let filing = try await Self.filings(in: database, { $0.where("id", .equal, SQLBind(id)) }).first else { return }
        let open = filing.status == .submitted || filing.status == .accepted
        try await Outbox.append(
            FilingStatus(filingId: id, organizationId: filing.organizationId, kind: filing.kind, status: filing.status,
                         dueOn: open ? filing.dueOn : nil,
                         changedBy: filing.decidedBy ?? filing.submittedBy, changedAt: Date()),
            in: database)
    }

    func filings(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Filing] {
        try await database.withConnection { try await Self.filings(in: $0, filter) }
    }

    static func filings(in database: any SQLDatabase, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Filing] {
        try await filter(database.select().column("*").from("filings")).all().map { row in
            Filing(
                filingId: try row.decode(column: "id", as: String.self),
                organizationId: try row.decode(column: "organization_id", as: String.self),
                kind: Filing.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .change,
                status: Filing.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .submitted,
                details: try JSONDecoder().decode(FilingDetails.self, from: Data(try row.decode(column: "details", as: String.self).utf8)),
                documents: try JSONDecoder().decode([FilingDocument].self, from: Data(try row.decode(column: "documents", as: String.self).utf8)),
                dueOn: try row.decode(column: "due_on", as: String.self),
                submittedBy: try row.decode(column: "submitted_by", as: String.self),
                submittedAt: try row.decode(column: "submitted_at", as: Date.self),
                resubmittedBy: try row.decode(column: "resubmitted_by", as: String?.self),
                decidedBy: try row.decode(column: "decided_by", as: String?.self),
                decidedAt: try row.decode(column: "decided_at", as: Date?.self),
                reason: try row.decode(column: "reason", as: String?.self))
        }
    }

    /// Approved filings per kind with a decision date in `from`…`to` (inclusive), as the bureau
    /// reports them ("name pre-registrations 8, establishments 1 …").
    public func approvedFilingCounts(from: CivilDate, to: CivilDate) async throws -> [String: Int] {
        let start = from.start
        let end = to.adding(days: 1)?.start ?? .distantFuture
        return try await database.withConnection { database in
            let rows = try await database.select().column("kind").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("filings").where("status", .equal, SQLBind(Filing.Status.approved.rawValue))
                .where("decided_at", .greaterThanOrEqual, SQLBind(start)).where("decided_at", .lessThan, SQLBind(end))
                .groupBy("kind").all()
            var counts = Dictionary(uniqueKeysWithValues: Filing.Kind.allCases.map { ($0.rawValue, 0) })
            for row in rows { counts[try row.decode(column: "kind", as: String.self)] = try row.decode(column: "n", as: Int.self) }
            return counts
        }
    }
}
