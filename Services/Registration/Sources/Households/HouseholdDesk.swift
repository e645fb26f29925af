import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Opens households and publishes what the district knows of them: the household snapshot and
/// the person snapshot of every member, written to the outbox in the caller's transaction
/// whenever a member, a flag or a dibao decision changes.
public struct HouseholdDesk: Sendable {
    let database: ServiceDatabase
    let areas: AreaDirectory
    let clock: BureauClock

    public func open(_ registration: HouseholdRegistration, by staff: StaffIdentity) async throws -> Household {
        guard areas.residentialArea(registration.areaCode) != nil else {
            throw InvalidInput(
                "areaCode '\(registration.areaCode)' is not a community or village of this district",
                fields: ["areaCode": "unknown area"])
        }
        let id = Self.newHouseholdID()
        AuditTrail.name(id)
        let now = clock.now
        try await database.transaction { database in
            try await insert(id, areaCode: registration.areaCode, importRef: nil, by: staff, at: now, in: database)
            try await publish(id, in: database)
        }
        return Household(householdId: id, areaCode: registration.areaCode, registeredBy: staff.staffID, registeredAt: now, members: [])
    }

    static func newHouseholdID() -> String { Register.newID("H") }

    func insert(
        _ id: String, areaCode: String, importRef: String?, by staff: StaffIdentity, at now: Date, in database: any SQLDatabase
    ) async throws {
        try await database.insert(into: "households")
            .columns("id", "area_code", "import_ref", "registered_by", "registered_at", "updated_at")
            .values(SQLBind(id), SQLBind(areaCode), SQLBind(importRef), SQLBind(staff.staffID), SQLBind(now), SQLBind(now))
            .run()
    }

    public func household(_ id: String) async throws -> Household {
        try await database.withConnection { database in
            guard let row = try await database.select().columns("id", "area_code", "registered_by", "registered_at")
                .from("households").where("id", .equal, SQLBind(id)).first()
            else { throw NotFound("no household \(id)") }
            return Household(
                householdId: id, areaCode: try row.decode(column: "area_code", as: String.self),
                registeredBy: try row.decode(column: "registered_by", as: String.self),
                registeredAt: try row.decode(column: "registered_at", as: Date.self),
                members: try await members(of: id, in: database))
        }
    }

    func members(of householdId: String, in database: any SQLDatabase) async throws -> [Resident] {
        try await Resident.rows(in: database) { $0.where("household_id", .equal, SQLBind(householdId)).orderBy("registered_at") }
    }

    /// Writes the household's snapshot and every member's person snapshot to the outbox.
    func publish(_ householdId: String, in database: any SQLDatabase) async throws {
        guard let row = try await database.select().columns("area_code", "registered_at").from("households")
            .where("id", .equal, SQLBind(householdId)).first()
        else { return }
        let areaCode = try row.decode(column: "area_code", as: String.self)
        let members = try await members(of: householdId, in: database)
        let dibaoApplication = try await database.select().columns("id", "household_monthly_income_fen").from("applications")
            .where("household_id", .equal, SQLBind(householdId)).where("program", .equal, SQLBind("dibao"))
            .where("status", .equal, SQLBind("active")).first()
        let dibao = dibaoApplication != nil
        // The income the dibao's means test assessed, so analysts can rebuild top-up against standard.
        let assessedIncome = try dibaoApplication?.decode(column: "household_monthly_income_fen", as: Int?.self)
        let now = clock.now
        let today = CivilDate(now)
        try await Outbox.append(
            HouseholdSnapshot(
                householdId: householdId, areaCode: areaCode, areaKind: areas.areas[areaCode]?.kind ?? .urban,
                memberCount: members.count, headPersonId: members.first { $0.relationship == "head" }?.personId,
                monthlyIncomeFen: assessedIncome,
                registeredAt: try row.decode(column: "registered_at", as: Date.self), updatedAt: now),
            in: database)
        for member in members {
            try await Outbox.append(
                PersonSnapshot(
                    personId: member.personId, householdId: householdId, areaCode: areaCode,
                    sex: member.sex == "male" ? .male : .female, birthYear: Int(member.birthDate.prefix(4)) ?? 0,
                    vulnerabilities: member.vulnerabilities(on: today, householdSize: members.count, dibaoHousehold: dibao),
                    disabilityGrade: member.disabilityGrade, updatedAt: now),
                in: database)
        }
    }
}
