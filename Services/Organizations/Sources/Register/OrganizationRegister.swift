import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The register of social organizations: what an approved filing changes in it (names held,
/// credit codes allotted, fields changed, each change in the entry's history), revocations,
/// and the public lookups. Only the filing desk's approvals and the registrar's revocations
/// write to it, each in the caller's transaction with the organization's event.
public struct OrganizationRegister: Sendable {
    let database: ServiceDatabase
    /// Days a reserved name is held before an establishment must be approved.
    let reservationDays: Int

    public init(database: ServiceDatabase, reservationDays: Int) {
        self.database = database
        self.reservationDays = reservationDays
    }
    static func organization(_ id: String, in database: any SQLDatabase) async throws -> Organization? {
        try await organizations(in: database) { $0.where("id", .equal, SQLBind(id)) }.first
    }

    static func organizations(in database: any SQLDatabase, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Organization] {
        try await filter(database.select().column("*").from("organizations")).all().map { row in
            Organization(
                organizationId: try row.decode(column: "id", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                kind: Organization.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .socialGroup,
                status: Organization.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .reserved,
                domicileAreaCode: try row.decode(column: "domicile_area_code", as: String.self),
                legalRepresentative: try row.decode(column: "legal_representative", as: String?.self),
                businessScope: try row.decode(column: "business_scope", as: String?.self),
                startUpFundsFen: try row.decode(column: "start_up_funds_fen", as: Int?.self),
                supervisingUnit: try row.decode(column: "supervising_unit", as: String?.self),
                creditCode: try row.decode(column: "credit_code", as: String?.self),
                reservedUntil: try row.decode(column: "reserved_until", as: String?.self),
                establishedOn: try row.decode(column: "established_on", as: String?.self),
                updatedAt: try row.decode(column: "updated_at", as: Date.self))
        }
    }

    /// The register entry and its history of changes.
    public func organization(_ id: String) async throws -> (Organization, [RegisterChange]) {
        try await database.withConnection { database in
            guard let organization = try await Self.organization(id, in: database) else { throw NotFound("no organization '\(id)'") }
            let changes = try await database.select().column("*").from("register_changes")
                .where("organization_id", .equal, SQLBind(id)).orderBy("changed_at").all()
                .map { try $0.decode(model: RegisterChange.self, keyDecodingStrategy: .convertFromSnakeCase) }
            return (organization, changes)
        }
    }

    static func day(_ day: String, plusDays days: Int) -> String {
        CivilDate(day)?.adding(days: days)?.description ?? day
    }
}
