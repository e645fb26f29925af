import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The filing desk: filings are entered by a clerk (submitted), then accepted or returned
/// for correction, then approved or rejected, each step by a registrar who did not enter the
/// filing. Approval applies the filing to the register in the same transaction as its events.
public struct FilingDesk: Sendable {
    let database: ServiceDatabase
    let policy: RegistrarPolicy
    /// The register an approved filing is applied to.
    public let register: OrganizationRegister

    public init(database: ServiceDatabase, policy: RegistrarPolicy) {
        self.database = database
        self.policy = policy
        self.register = OrganizationRegister(database: database, reservationDays: policy.reservationDays)
    }

    /// Enters a filing. Reservations name a new organization; the other kinds name an existing one.
    /// - Throws: ``InvalidInput`` or ``FilingError/documentsMissing(kind:missing:)`` for missing
    ///   details or documents; ``FilingError`` for a name refused or taken, or an organization in
    ///   the wrong state.
    public func submit(
        _ kind: Filing.Kind, organizationId: String?, details: FilingDetails, documents: [FilingDocument],
        by clerk: StaffIdentity, today: String
    ) async throws -> Filing {
        try checkDocuments(kind, documents)
        let now = Date()
        let id = "F-" + UUID().uuidString.prefix(8).uppercased()
        AuditTrail.name(id)
        let dueOn = try dueDate(kind, from: today)
        try await database.transaction { database in
            let organization = try await target(of: kind, organizationId, details, today: today, in: database)
            try await database.insert(into: "filings")
                .columns("id", "organization_id", "kind", "status", "details", "documents", "due_on", "submitted_by", "submitted_at")
                .values(SQLBind(id), SQLBind(organization), SQLBind(kind.rawValue), SQLBind(Filing.Status.submitted.rawValue),
                        SQLBind(try Self.json(details)), SQLBind(try Self.json(documents)), SQLBind(dueOn),
                        SQLBind(clerk.staffID), SQLBind(now))
                .run()
            try await announce(id, in: database)
        }
        return try await filing(id)
    }

    /// A returned filing entered again, corrected: its time limit starts again.
    public func resubmit(_ id: String, details: FilingDetails, documents: [FilingDocument], by clerk: StaffIdentity, today: String) async throws -> Filing {
        let current = try await filing(id)
        try checkDocuments(current.kind, documents)
        try await transition(id, from: [.returned], to: .submitted, action: "be resubmitted", by: nil) { database in
            _ = try await target(of: current.kind, current.organizationId, details, today: today, in: database)
            try await database.update("filings")
                .set("details", to: SQLBind(try Self.json(details))).set("documents", to: SQLBind(try Self.json(documents)))
                .set("due_on", to: SQLBind(try dueDate(current.kind, from: today)))
                .set("resubmitted_by", to: SQLBind(clerk.staffID)).set("reason", to: SQLLiteral.null)
                .where("id", .equal, SQLBind(id)).run()
        }
        return try await filing(id)
    }

    public func accept(_ id: String, by registrar: StaffIdentity) async throws -> Filing {
        try await transition(id, from: [.submitted], to: .accepted, action: "be accepted", by: registrar) { _ in }
        return try await filing(id)
    }

    public func returnForCorrection(_ id: String, reason: String, by registrar: StaffIdentity) async throws -> Filing {
        try Self.require(reason: reason)
        try await transition(id, from: [.submitted, .accepted], to: .returned, action: "be returned", by: registrar, reason: reason) { _ in }
        return try await filing(id)
    }

    public func reject(_ id: String, reason: String, by registrar: StaffIdentity) async throws -> Filing {
        try Self.require(reason: reason)
        try await transition(id, from: [.submitted, .accepted], to: .rejected, action: "be rejected", by: registrar, reason: reason) { _ in }
        return try await filing(id)
    }

    /// Approves an accepted filing and applies it to the register.
    /// - Throws: ``FilingError/nameRefused(_:)`` when another organization won the name meanwhile,
    ///   ``FilingError/reservationExpired`` for an establishment after its reservation lapsed.
    public func approve(_ id: String, by registrar: StaffIdentity, today: String) async throws -> Filing {
        let current = try await filing(id)
        try await transition(id, from: [.accepted], to: .approved, action: "be approved", by: registrar) { database in
            try await register.apply(current, by: registrar, today: today, in: database)
        }
        return try await filing(id)
    }

    /// Open filings past their statutory deadline, oldest deadline first.
    public func overdue(today: String) async throws -> [Filing] {
        try await filings { $0.where("status", .in, SQLBind.group(["submitted", "accepted"]))
            .where("due_on", .lessThan, SQLBind(today)).orderBy("due_on") }
    }

    /// The filings waiting for the registrar or a correction, soonest statutory deadline first.
    public func queue(page: PageRequest) async throws -> Page<Filing> {
        let open = SQLBind.group([Filing.Status.submitted, .accepted, .returned].map(\.rawValue))
        let total = try await database.withConnection { database in
            try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("filings")
                .where("status", .in, open).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let items = try await filings { $0.where("status", .in, open).orderBy("due_on").orderBy("id").limit(page.pageSize).offset(page.offset) }
        return Page(items, of: page, total: total)
    }

    public func filing(_ id: String) async throws -> Filing {
        guard let filing = try await filings({ $0.where("id", .equal, SQLBind(id)) }).first else {
            throw NotFound("no filing '\(id)'")
        }
        return filing
    }

    // MARK: Rules

    private func checkDocuments(_ kind: Filing.Kind, _ documents: [FilingDocument]) throws {
        let missing = policy.missingDocuments(for: kind, in: documents)
        guard missing.isEmpty else { throw FilingError.documentsMissing(kind: kind, missing: missing) }
        for document in documents where CivilDate(document.receivedOn) == nil {
            throw InvalidInput("document '\(document.title)': receivedOn must be YYYY-MM-DD", fields: ["documents": "receivedOn"])
        }
    }

    private func dueDate(_ kind: Filing.Kind, from today: String) throws(InvalidInput) -> String {
        guard let due = policy.calendar.adding(workingDays: policy.timeLimits[kind.rawValue] ?? 20, to: today) else {
            throw InvalidInput("today must be YYYY-MM-DD")
        }
        return due
    }

    /// Checks what the filing asks against the register; returns the organization it is about
    /// (a new id for a reservation).
    private func target(
        of kind: Filing.Kind, _ organizationId: String?, _ details: FilingDetails, today: String, in database: any SQLDatabase
    ) async throws -> String {
        if kind == .nameReservation {
            guard let name = details.name, let orgKind = details.kind, let area = details.domicileAreaCode else {
                throw InvalidInput("a name reservation needs name, kind and domicileAreaCode",
                                          fields: ["details": "name, kind, domicileAreaCode"])
            }
            try await checkName(OrganizationName(name), kind: orgKind, except: nil, today: today, in: database)
            guard AreaCode(area) != nil else {
                throw InvalidInput("domicileAreaCode must be \(AreaCode.rule)", fields: ["domicileAreaCode": "digits"])
            }
            return organizationId ?? "ORG-" + UUID().uuidString.prefix(8).uppercased()
        }
        guard let organizationId, let organization = try await OrganizationRegister.organization(organizationId, in: database) else {
            throw NotFound("no organization '\(organizationId ?? "")'")
        }
        switch kind {
        case .establishment:
            guard organization.status == .reserved, let until = organization.reservedUntil, until >= today else {
                throw FilingError.noLiveReservation("\(organization.name) has no live name reservation")
            }
            guard details.name.map(OrganizationName.init)?.comparable == OrganizationName(organization.name).comparable,
                  details.kind == organization.kind
            else {
                throw FilingError.noLiveReservation("the reservation is for '\(organization.name)' as \(organization.kind.rawValue)")
            }
            var missing: [String] = []
            if details.legalRepresentative?.isEmpty ?? true { missing.append("legalRepresentative") }
            if details.businessScope?.isEmpty ?? true { missing.append("businessScope") }
            if !Fen.isAccepted(details.startUpFundsFen ?? -1) { missing.append("startUpFundsFen") }
            if details.supervisingUnit?.isEmpty ?? true { missing.append("supervisingUnit") }
            guard missing.isEmpty else {
                throw InvalidInput("an establishment needs \(missing.joined(separator: ", "))",
                                          fields: Dictionary(uniqueKeysWithValues: missing.map { ($0, "required") }))
            }
        case .change:
            try expectActive(organization)
            let changes = OrganizationRegister.changes(organization, details)
            guard !changes.isEmpty else { throw InvalidInput("a change filing changes at least one field") }
            if let name = details.name, OrganizationName(name).comparable != OrganizationName(organization.name).comparable {
                try await checkName(OrganizationName(name), kind: organization.kind, except: organization.organizationId, today: today, in: database)
            }
        case .annualReport:
            try expectActive(organization)
            guard let year = details.year, (2000...3000).contains(year) else {
                throw InvalidInput("an annual report names its year", fields: ["year": "required"])
            }
        case .deregistration:
            try expectActive(organization)
        case .nameReservation:
            break
        }
        return organization.organizationId
    }

    private func expectActive(_ organization: Organization) throws(FilingError) {
        guard organization.status == .active else {
            throw .wrongState("\(organization.name) is \(organization.status.rawValue)", status: organization.status.rawValue)
        }
    }

    private func checkName(
        _ name: OrganizationName, kind: Organization.Kind, except organizationId: String?, today: String, in database: any SQLDatabase
    ) async throws {
        if let refusal = policy.names.refusal(of: name, kind: kind) { throw FilingError.nameRefused(refusal) }
        if let holder = try await OrganizationRegister.claimHolder(name.comparable, today: today, in: database), holder != organizationId {
            throw FilingError.nameRefused(NameRefusal(rule: .taken, word: nil, detail: "'\(name.display)' is held by \(holder)"))
        }
    }

    private static func require(reason: String) throws(InvalidInput) {
        guard FreeText.isText(reason, maxLength: 2000) else {
            throw InvalidInput("a reason is required (up to 2000 characters)", fields: ["reason": "required, up to 2000 characters"])
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
