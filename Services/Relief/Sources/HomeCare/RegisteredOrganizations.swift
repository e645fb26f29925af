import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The organizations register as relief reads it from `civil.organizations.organization.v1`:
/// a home-care provider or care centre must be a registered, active organization, and one that
/// is deregistered or revoked is refused new visits from the moment its record arrives.
enum RegisteredOrganizations {
    static let table = "registered_organizations"

    static let migration = DatabaseMigration("relief-registered-organizations-1") { database in
        try await database.create(table: table)
            .column("organization_id", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("updated_at", type: .timestamp, .notNull)
            .run()
    }

    /// Keeps the newest record of each organization (a replayed older one changes nothing).
    static func apply(_ event: CloudEvent, in database: any SQLDatabase) async throws {
        let record = try OrganizationRecord(cloudEvent: event)
        if let current = try await database.select().column("updated_at").from(table)
            .where("organization_id", .equal, SQLBind(record.organizationId)).first(),
            try current.decode(column: "updated_at", as: Date.self) > record.updatedAt {
            return
        }
        try await database.insert(into: table).columns("organization_id", "name", "kind", "status", "updated_at")
            .values(SQLBind(record.organizationId), SQLBind(record.name), SQLBind(record.kind.rawValue), SQLBind(record.status.rawValue),
                    SQLBind(record.updatedAt))
            .onConflict(with: ["organization_id"]) {
                $0.set(excludedValueOf: "name").set(excludedValueOf: "kind").set(excludedValueOf: "status").set(excludedValueOf: "updated_at")
            }
            .run()
    }

    /// The organization's name and status, if the register has published it.
    static func status(of organizationId: String, in database: any SQLDatabase) async throws -> (name: String, status: OrganizationRecord.Status)? {
        guard let row = try await database.select().columns("name", "status").from(table)
            .where("organization_id", .equal, SQLBind(organizationId)).first()
        else { return nil }
        return (try row.decode(column: "name", as: String.self),
                OrganizationRecord.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .deregistered)
    }
}
