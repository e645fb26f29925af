import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

extension OrganizationRegister {
    /// Revokes an active organization's registration (an administrative penalty, not a filing):
    /// its status becomes `revoked`, its name is released, and the decision is kept in its
    /// history with who made it, when and why.
    public func revoke(_ organizationId: String, reason: String, by registrar: StaffIdentity) async throws -> Organization {
        guard FreeText.isText(reason, maxLength: 2000) else {
            throw InvalidInput("a reason is required (up to 2000 characters)", fields: ["reason": "required, up to 2000 characters"])
        }
        let now = Date()
        return try await database.transaction { database in
            let changed = try await database.update("organizations")
                .set("status", to: SQLBind(Organization.Status.revoked.rawValue)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(organizationId)).where("status", .equal, SQLBind(Organization.Status.active.rawValue))
                .returning("id").all()
            guard !changed.isEmpty else {
                guard let organization = try await Self.organization(organizationId, in: database) else {
                    throw NotFound("no organization '\(organizationId)'")
                }
                throw FilingError.wrongState("\(organization.name) is \(organization.status.rawValue); only active organizations are revoked",
                                             status: organization.status.rawValue)
            }
            try await database.delete(from: "name_claims").where("organization_id", .equal, SQLBind(organizationId)).run()
            try await database.insert(into: "register_changes")
                .columns("organization_id", "field", "old_value", "new_value", "filing_id", "changed_by", "changed_at")
                .values(SQLBind(organizationId), SQLBind("status"), SQLBind("active"), SQLBind("revoked: \(reason)"),
                        SQLBind("REV-" + UUID().uuidString.prefix(8).uppercased()), SQLBind(registrar.staffID), SQLBind(now))
                .run()
            let organization = try await Self.organization(organizationId, in: database)!
            try await Outbox.append(organization.record, time: now, in: database)
            return organization
        }
    }
}
