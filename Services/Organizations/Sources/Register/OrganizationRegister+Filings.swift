import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

extension OrganizationRegister {
    /// Applies an approved filing to the register and publishes the entry.
    func apply(_ filing: Filing, by registrar: StaffIdentity, today: String, in database: any SQLDatabase) async throws {
        let now = Date()
        let details = filing.details
        let id = filing.organizationId
        switch filing.kind {
        case .nameReservation:
            let name = OrganizationName(details.name ?? "")
            let until = Self.day(today, plusDays: reservationDays)
            try await claim(name, for: id, expiresOn: until, today: today, in: database)
            try await database.insert(into: "organizations")
                .columns("id", "name", "comparable_name", "kind", "status", "domicile_area_code", "reserved_until", "updated_at")
                .values(SQLBind(id), SQLBind(name.display), SQLBind(name.comparable), SQLBind(details.kind?.rawValue ?? ""),
                        SQLBind(Organization.Status.reserved.rawValue), SQLBind(details.domicileAreaCode ?? ""),
                        SQLBind(until), SQLBind(now))
                .run()
        case .establishment:
            guard let organization = try await Self.organization(id, in: database), organization.status == .reserved,
                  let until = organization.reservedUntil, until >= today
            else { throw FilingError.reservationExpired }
            let region = String((details.domicileAreaCode ?? organization.domicileAreaCode).prefix(6))
            let code = try await allotCreditCode(kind: organization.kind, region: region, in: database)
            try await database.update("organizations")
                .set("status", to: SQLBind(Organization.Status.active.rawValue)).set("credit_code", to: SQLBind(code.value))
                .set("legal_representative", to: SQLBind(details.legalRepresentative))
                .set("business_scope", to: SQLBind(details.businessScope))
                .set("start_up_funds_fen", to: SQLBind(details.startUpFundsFen))
                .set("supervising_unit", to: SQLBind(details.supervisingUnit))
                .set("domicile_area_code", to: SQLBind(details.domicileAreaCode ?? organization.domicileAreaCode))
                .set("established_on", to: SQLBind(today)).set("reserved_until", to: SQLLiteral.null)
                .set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).run()
            try await database.update("name_claims").set("expires_on", to: SQLLiteral.null)
                .where("organization_id", .equal, SQLBind(id)).run()
        case .change:
            guard let organization = try await Self.organization(id, in: database), organization.status == .active else {
                throw FilingError.wrongState("the organization is no longer active", status: nil)
            }
            var update = database.update("organizations").set("updated_at", to: SQLBind(now))
            for change in Self.changes(organization, details) {
                update = update.set(SQLIdentifier(change.column), to: SQLBind(change.stored))
                try await database.insert(into: "register_changes")
                    .columns("organization_id", "field", "old_value", "new_value", "filing_id", "changed_by", "changed_at")
                    .values(SQLBind(id), SQLBind(change.field), SQLBind(change.old), SQLBind(change.new), SQLBind(filing.filingId),
                            SQLBind(registrar.staffID), SQLBind(now))
                    .run()
                if change.field == "name" {
                    let name = OrganizationName(change.new)
                    try await database.delete(from: "name_claims").where("organization_id", .equal, SQLBind(id)).run()
                    try await claim(name, for: id, expiresOn: nil, today: today, in: database)
                    update = update.set("comparable_name", to: SQLBind(name.comparable))
                }
            }
            try await update.where("id", .equal, SQLBind(id)).run()
        case .annualReport:
            let inserted = try await database.insert(into: "annual_reports").columns("organization_id", "year", "filing_id")
                .values(SQLBind(id), SQLBind(details.year ?? 0), SQLBind(filing.filingId))
                .ignoringConflicts(with: ["organization_id", "year"]).returning("year").all()
            guard !inserted.isEmpty else {
                throw FilingError.reportExists(year: details.year ?? 0)
            }
        case .deregistration:
            try await database.update("organizations").set("status", to: SQLBind(Organization.Status.deregistered.rawValue))
                .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
            try await database.delete(from: "name_claims").where("organization_id", .equal, SQLBind(id)).run()
        }
        if filing.kind != .annualReport, let organization = try await Self.organization(id, in: database) {
            try await Outbox.append(organization.record, time: now, in: database)
        }
    }

    /// Holds `name` for `organizationId`; a lapsed reservation's hold is released first.
    /// Of two approvals racing for one name, the second finds it held.
    private func claim(_ name: OrganizationName, for organizationId: String, expiresOn: String?, today: String, in database: any SQLDatabase) async throws {
        try await database.delete(from: "name_claims").where("comparable_name", .equal, SQLBind(name.comparable))
            .where("expires_on", .isNot, SQLLiteral.null).where("expires_on", .lessThan, SQLBind(today)).run()
        let claimed = try await database.insert(into: "name_claims").columns("comparable_name", "organization_id", "expires_on")
            .values(SQLBind(name.comparable), SQLBind(organizationId), SQLBind(expiresOn))
            .ignoringConflicts(with: ["comparable_name"]).returning("organization_id").all()
        guard !claimed.isEmpty else {
            let holder = try await Self.claimHolder(name.comparable, today: today, in: database) ?? "another organization"
            throw FilingError.nameRefused(NameRefusal(rule: .taken, word: nil, detail: "'\(name.display)' is held by \(holder)"))
        }
    }

    static func claimHolder(_ comparable: String, today: String, in database: any SQLDatabase) async throws -> String? {
        guard let row = try await database.select().columns("organization_id", "expires_on").from("name_claims")
            .where("comparable_name", .equal, SQLBind(comparable)).first() else { return nil }
        if let expires = try row.decode(column: "expires_on", as: String?.self), expires < today { return nil }
        return try row.decode(column: "organization_id", as: String.self)
    }

    private func allotCreditCode(kind: Organization.Kind, region: String, in database: any SQLDatabase) async throws -> CreditCode {
        try await database.insert(into: "credit_code_serials").columns("region", "last_serial")
            .values(SQLBind(region), SQLBind(0)).ignoringConflicts(with: ["region"]).run()
        let serial = try await database.update("credit_code_serials").set(SQLIdentifier("last_serial"), to: SQLRaw("last_serial + 1"))
            .where("region", .equal, SQLBind(region)).returning("last_serial").first()?.decode(column: "last_serial", as: Int.self) ?? 1
        do {
            return try CreditCode(kind: kind, region: region, serial: serial)
        } catch {
            throw FilingError.creditCodeExhausted(region: region, reason: "\(error)")
        }
    }

    /// One field a change filing alters: its old and new text for the history, and the value stored.
    struct FieldChange {
        let field: String
        let column: String
        let old: String?
        let new: String
        let stored: any Encodable & Sendable
    }

    static func changes(_ organization: Organization, _ details: FilingDetails) -> [FieldChange] {
        var changes: [FieldChange] = []
        func compare(_ field: String, _ column: String, _ old: String?, _ new: String?, stored: (any Encodable & Sendable)? = nil) {
            if let new, new != old { changes.append(FieldChange(field: field, column: column, old: old, new: new, stored: stored ?? new)) }
        }
        compare("name", "name", organization.name, details.name)
        compare("domicileAreaCode", "domicile_area_code", organization.domicileAreaCode, details.domicileAreaCode)
        compare("legalRepresentative", "legal_representative", organization.legalRepresentative, details.legalRepresentative)
        compare("businessScope", "business_scope", organization.businessScope, details.businessScope)
        compare("startUpFundsFen", "start_up_funds_fen", organization.startUpFundsFen.map(String.init),
                details.startUpFundsFen.map(String.init), stored: details.startUpFundsFen)
        compare("supervisingUnit", "supervising_unit", organization.supervisingUnit, details.supervisingUnit)
        return changes
    }
}
