import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The register of residents. Every change is one transaction that also writes the events it
/// causes to the outbox: the resident's household snapshot, the person snapshot of every member
/// (a new member changes the others' "living alone"), and the contact of a new resident.
public struct Register: Sendable {
    let database: ServiceDatabase
    let pseudonymizer: PersonPseudonymizer
    /// The households residents belong to, and their events.
    public let households: HouseholdDesk
    let clock: BureauClock

    public init(database: ServiceDatabase, areas: AreaDirectory, pseudonymizer: PersonPseudonymizer, clock: BureauClock = .system) {
        self.database = database
        self.pseudonymizer = pseudonymizer
        self.households = HouseholdDesk(database: database, areas: areas, clock: clock)
        self.clock = clock
    }

    var areas: AreaDirectory { households.areas }

    /// `PREFIX-` and 12 random hexadecimal digits: households (H), residents (R), applications
    /// (A), decisions (D).
    static func newID(_ prefix: String) -> String {
        prefix + "-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).uppercased()
    }

    // MARK: Residents

    /// Registers a resident.
    /// - Throws: ``InvalidInput`` for an invalid identity number or unknown household;
    ///   ``RegisterError/residentExists(_:)`` naming the existing resident when the number is registered.
    public func register(_ registration: ResidentRegistration, by staff: StaffIdentity) async throws -> RegisteredResident {
        let (resident, identity) = try validated(registration, by: staff)
        return try await database.transaction { database in
            let warnings = try await insert(resident, identity: identity, in: database)
            try await households.publish(resident.householdId, in: database)
            try await LifeEvents.householdChanged(resident.householdId, today: clock.today, at: clock.now, in: database)
            return RegisteredResident(resident: resident, warnings: warnings)
        }
    }

    /// A relationship to the household's head as caseworkers write it ("head", "spouse", "孙女"):
    /// free text, but never blank or a paragraph.
    static func isRelationship(_ text: String) -> Bool {
        FreeText.isLine(text, maxLength: 32)
    }

    /// Checks a registration on its own (not against the register) and prepares the record.
    func validated(_ registration: ResidentRegistration, by staff: StaffIdentity) throws(InvalidInput) -> (Resident, IdentityNumber) {
        let identity: IdentityNumber
        do {
            identity = try IdentityNumber(registration.identityNumber, today: clock.today)
        } catch {
            throw InvalidInput("identityNumber \(error)", fields: ["identityNumber": error.description])
        }
        let name = registration.name.trimmingCharacters(in: .whitespaces)
        guard FreeText.isLine(name, maxLength: 64) else {
            throw InvalidInput("name must be 1 to 64 characters", fields: ["name": "1 to 64 characters"])
        }
        guard Self.isRelationship(registration.relationship) else {
            throw InvalidInput("relationship must be 1 to 32 characters, e.g. head, spouse, child", fields: ["relationship": "1 to 32 characters"])
        }
        if let phone = registration.phone, phone.range(of: "^1[0-9]{10}$", options: .regularExpression) == nil {
            throw InvalidInput("phone must be an 11-digit mainland mobile number", fields: ["phone": "11 digits starting with 1"])
        }
        if let grade = registration.disabilityGrade, !(1...4).contains(grade) {
            throw InvalidInput("disabilityGrade must be 1 to 4", fields: ["disabilityGrade": "1 to 4"])
        }
        let birthDate = identity.birthDate.description
        let resident = Resident(
            residentId: Self.newID("R"),
            personId: pseudonymizer.pseudonym(forIdentityNumber: identity.value),
            identityNumberMasked: identity.description, name: name, sex: identity.sex.rawValue, birthDate: birthDate,
            phone: registration.phone, householdId: registration.householdId, relationship: registration.relationship,
            disabilityGrade: registration.disabilityGrade, leftBehindChild: registration.leftBehindChild ?? false,
            childInDifficulty: registration.childInDifficulty ?? false,
            institutionalCare: registration.institutionalCare ?? false, registeredBy: staff.staffID, registeredAt: clock.now)
        AuditTrail.name(resident.residentId)
        return (resident, identity)
    }

    /// Inserts a validated resident and their contact event, inside the caller's transaction;
    /// the caller publishes the household. Returns the likely-duplicate warnings.
    func insert(_ resident: Resident, identity: IdentityNumber, in database: any SQLDatabase) async throws -> [String] {
        if let existing = try await database.select().column("id").from("residents")
            .where("identity_number", .equal, SQLBind(identity.value)).first() {
            let existingID = try existing.decode(column: "id", as: String.self)
            throw RegisterError.residentExists(existingID)
        }
        guard let household = try await database.select().column("area_code").from("households")
            .where("id", .equal, SQLBind(resident.householdId)).first()
        else {
            throw InvalidInput("householdId '\(resident.householdId)' is not registered", fields: ["householdId": "unknown"])
        }
        let areaCode = try household.decode(column: "area_code", as: String.self)
        let likelyDuplicates = try await database.select().column(SQLColumn("id", table: "residents")).from("residents")
            .join("households", on: SQLColumn("household_id", table: "residents"), .equal, SQLColumn("id", table: "households"))
            .where(SQLColumn("name", table: "residents"), .equal, SQLBind(resident.name))
            .where(SQLColumn("birth_date", table: "residents"), .equal, SQLBind(resident.birthDate))
            .where(SQLColumn("area_code", table: "households"), .equal, SQLBind(areaCode))
            .all().map { try $0.decode(column: "id", as: String.self) }

        try await database.insert(into: "residents")
            .columns("id", "identity_number", "person_id", "name", "sex", "birth_year", "birth_date", "phone",
                     "household_id", "relationship", "disability_grade", "left_behind_child", "child_in_difficulty",
                     "institutional_care", "registered_by", "registered_at", "updated_at")
            .values(SQLBind(resident.residentId), SQLBind(identity.value), SQLBind(resident.personId), SQLBind(resident.name),
                    SQLBind(resident.sex), SQLBind(identity.birthDate.year), SQLBind(resident.birthDate), SQLBind(resident.phone),
                    SQLBind(resident.householdId), SQLBind(resident.relationship), SQLBind(resident.disabilityGrade),
                    SQLBind(resident.leftBehindChild ? 1 : 0), SQLBind(resident.childInDifficulty ? 1 : 0),
                    SQLBind(resident.institutionalCare ? 1 : 0), SQLBind(resident.registeredBy), SQLBind(resident.registeredAt),
                    SQLBind(resident.registeredAt))
            .run()
        try await Outbox.append(
            PersonContact(
                personId: resident.personId, name: resident.name, phone: resident.phone, areaCode: areaCode,
                householdId: resident.householdId, updatedAt: resident.registeredAt),
            in: database)
        return likelyDuplicates.map { "likely duplicate of \($0): same name, birth date and area; check before continuing" }
    }

    public func resident(_ id: String) async throws -> Resident {
        try await database.withConnection { database in
            guard let resident = try await Resident.rows(in: database, { $0.where("id", .equal, SQLBind(id)) }).first else {
                throw NotFound("no resident \(id)")
            }
            return resident
        }
    }

    /// Removes a resident from the register (moved away, deceased): tombstones on the person and
    /// contact topics, and new snapshots of the household.
    /// Removes a resident from the register: their open benefits are exited from next month (with
    /// decision events) in the same transaction, the removal is kept in their history with who,
    /// when and why, and a dibao household they leave is due for review.
    public func remove(_ id: String, because reason: LifeEvents.RemovalReason, by staff: StaffIdentity) async throws {
        let (today, now) = (clock.today, clock.now)
        try await database.transaction { database in
            guard let resident = try await Resident.rows(in: database, { $0.where("id", .equal, SQLBind(id)) }).first else {
                throw NotFound("no resident \(id)")
            }
            try await LifeEvents.exitBenefits(
                ofResident: id, reason: reason.decisionReason, code: reason.code, effective: today.month.next ?? today.month,
                by: staff.staffID, at: now, in: database)
            try await database.insert(into: "resident_history")
                .columns("resident_id", "field", "before_value", "after_value", "changed_by", "changed_at", "reason")
                .values(SQLBind(id), SQLBind("removed"), SQLBind(resident.householdId), SQLBind(reason.rawValue),
                        SQLBind(staff.staffID), SQLBind(now), SQLBind(reason.decisionReason))
                .run()
            try await database.delete(from: "residents").where("id", .equal, SQLBind(id)).run()
            try await LifeEvents.householdChanged(resident.householdId, today: today, at: now, in: database)
            try await Outbox.appendTombstone(topic: TopicCatalog.person.name, key: resident.personId, in: database)
            try await Outbox.appendTombstone(topic: TopicCatalog.contact.name, key: resident.personId, in: database)
            try await households.publish(resident.householdId, in: database)
        }
    }
}
