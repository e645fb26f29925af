import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The register of households and residents. Every change is one transaction that also writes
/// the events it causes to the outbox: the household snapshot, and the person snapshot of every
/// member (a new member changes the others' "living alone"), and the contact of a new resident.
public struct Register: Sendable {
    let database: ServiceDatabase
    let areas: AreaDirectory
    let pseudonymizer: PersonPseudonymizer
    /// Today in the bureau's time zone (Asia/Shanghai); a parameter so tests can fix it.
    let today: @Sendable () -> DateComponents

    public init(
        database: ServiceDatabase, areas: AreaDirectory, pseudonymizer: PersonPseudonymizer,
        today: @escaping @Sendable () -> DateComponents = Register.bureauToday
    ) {
        self.database = database
        self.areas = areas
        self.pseudonymizer = pseudonymizer
        self.today = today
    }

    public static let bureauTimeZone = TimeZone(identifier: "Asia/Shanghai")!

    @Sendable public static func bureauToday() -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = bureauTimeZone
        return calendar.dateComponents([.year, .month, .day], from: Date())
    }

    // MARK: Households

    public func openHousehold(_ registration: HouseholdRegistration, by staff: StaffIdentity) async throws -> Household {
        guard areas.residentialArea(registration.areaCode) != nil else {
            throw Problem.invalidBody(
                "areaCode '\(registration.areaCode)' is not a community or village of this district",
                fields: ["areaCode": "unknown area"])
        }
        let id = Self.newHouseholdID()
        let now = Date()
        try await database.transaction { database in
            try await insertHousehold(id, areaCode: registration.areaCode, importRef: nil, by: staff, at: now, in: database)
            try await publishHousehold(id, in: database)
        }
        return Household(householdId: id, areaCode: registration.areaCode, registeredBy: staff.staffID, registeredAt: now, members: [])
    }

    static func newHouseholdID() -> String { newID("H") }

    /// `PREFIX-` and 12 random hexadecimal digits: households (H), residents (R), applications
    /// (A), decisions (D).
    static func newID(_ prefix: String) -> String {
        prefix + "-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).uppercased()
    }

    func insertHousehold(
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
            else { throw Problem.notFound("no household \(id)") }
            return Household(
                householdId: id, areaCode: try row.decode(column: "area_code", as: String.self),
                registeredBy: try row.decode(column: "registered_by", as: String.self),
                registeredAt: try row.decode(column: "registered_at", as: Date.self),
                members: try await members(of: id, in: database))
        }
    }

    // MARK: Residents

    /// Registers a resident.
    /// - Throws: 400 problems for an invalid identity number or unknown household; a 409
    ///   `resident-exists` problem naming the existing resident when the number is registered.
    public func register(_ registration: ResidentRegistration, by staff: StaffIdentity) async throws -> RegisteredResident {
        let (resident, identity) = try validated(registration, by: staff)
        return try await database.transaction { database in
            let warnings = try await insert(resident, identity: identity, in: database)
            try await publishHousehold(resident.householdId, in: database)
            return RegisteredResident(resident: resident, warnings: warnings)
        }
    }

    /// Checks a registration on its own (not against the register) and prepares the record.
    func validated(_ registration: ResidentRegistration, by staff: StaffIdentity) throws(Problem) -> (Resident, IdentityNumber) {
        let identity: IdentityNumber
        do {
            identity = try IdentityNumber(registration.identityNumber, today: today())
        } catch {
            throw Problem.invalidBody("identityNumber \(error)", fields: ["identityNumber": error.description])
        }
        let name = registration.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 64 else {
            throw Problem.invalidBody("name must be 1 to 64 characters", fields: ["name": "1 to 64 characters"])
        }
        if let phone = registration.phone, phone.range(of: "^1[0-9]{10}$", options: .regularExpression) == nil {
            throw Problem.invalidBody("phone must be an 11-digit mainland mobile number", fields: ["phone": "11 digits starting with 1"])
        }
        if let grade = registration.disabilityGrade, !(1...4).contains(grade) {
            throw Problem.invalidBody("disabilityGrade must be 1 to 4", fields: ["disabilityGrade": "1 to 4"])
        }
        let birthDate = String(format: "%04d-%02d-%02d", identity.birthDate.year!, identity.birthDate.month!, identity.birthDate.day!)
        let resident = Resident(
            residentId: Self.newID("R"),
            personId: pseudonymizer.pseudonym(forIdentityNumber: identity.value),
            identityNumberMasked: identity.description, name: name, sex: identity.sex.rawValue, birthDate: birthDate,
            phone: registration.phone, householdId: registration.householdId, relationship: registration.relationship,
            disabilityGrade: registration.disabilityGrade, leftBehindChild: registration.leftBehindChild ?? false,
            childInDifficulty: registration.childInDifficulty ?? false,
            institutionalCare: registration.institutionalCare ?? false, registeredBy: staff.staffID, registeredAt: Date())
        return (resident, identity)
    }

    /// Inserts a validated resident and their contact event, inside the caller's transaction;
    /// the caller publishes the household. Returns the likely-duplicate warnings.
    func insert(_ resident: Resident, identity: IdentityNumber, in database: any SQLDatabase) async throws -> [String] {
        if let existing = try await database.select().column("id").from("residents")
            .where("identity_number", .equal, SQLBind(identity.value)).first() {
            let existingID = try existing.decode(column: "id", as: String.self)
            throw Problem.conflict(
                kind: "resident-exists", "this identity number is already registered as \(existingID)",
                extensions: ["existing": .string("/v1/residents/\(existingID)")])
        }
        guard let household = try await database.select().column("area_code").from("households")
            .where("id", .equal, SQLBind(resident.householdId)).first()
        else {
            throw Problem.invalidBody("householdId '\(resident.householdId)' is not registered", fields: ["householdId": "unknown"])
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
                    SQLBind(resident.sex), SQLBind(identity.birthDate.year!), SQLBind(resident.birthDate), SQLBind(resident.phone),
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
            guard let resident = try await residents(in: database, { $0.where("id", .equal, SQLBind(id)) }).first else {
                throw Problem.notFound("no resident \(id)")
            }
            return resident
        }
    }

    /// Removes a resident from the register (moved away, deceased): tombstones on the person and
    /// contact topics, and new snapshots of the household.
    public func remove(_ id: String, by staff: StaffIdentity) async throws {
        try await database.transaction { database in
            guard let resident = try await residents(in: database, { $0.where("id", .equal, SQLBind(id)) }).first else {
                throw Problem.notFound("no resident \(id)")
            }
            try await database.delete(from: "residents").where("id", .equal, SQLBind(id)).run()
            try await Outbox.appendTombstone(topic: TopicCatalog.person.name, key: resident.personId, in: database)
            try await Outbox.appendTombstone(topic: TopicCatalog.contact.name, key: resident.personId, in: database)
            try await publishHousehold(resident.householdId, in: database)
        }
    }

    // MARK: Events

    /// Writes the household's snapshot and every member's person snapshot to the outbox.
    func publishHousehold(_ householdId: String, in database: any SQLDatabase) async throws {
        guard let row = try await database.select().columns("area_code", "registered_at").from("households")
            .where("id", .equal, SQLBind(householdId)).first()
        else { return }
        let areaCode = try row.decode(column: "area_code", as: String.self)
        let members = try await members(of: householdId, in: database)
        let dibao = try await database.select().column("id").from("applications")
            .where("household_id", .equal, SQLBind(householdId)).where("program", .equal, SQLBind("dibao"))
            .where("status", .equal, SQLBind("active")).first() != nil
        let now = Date()
        try await Outbox.append(
            HouseholdSnapshot(
                householdId: householdId, areaCode: areaCode, areaKind: areas.areas[areaCode]?.kind ?? .urban,
                memberCount: members.count, headPersonId: members.first { $0.relationship == "head" }?.personId,
                registeredAt: try row.decode(column: "registered_at", as: Date.self), updatedAt: now),
            in: database)
        for member in members {
            try await Outbox.append(
                PersonSnapshot(
                    personId: member.personId, householdId: householdId, areaCode: areaCode,
                    sex: member.sex == "male" ? .male : .female, birthYear: Int(member.birthDate.prefix(4)) ?? 0,
                    vulnerabilities: vulnerabilities(of: member, householdSize: members.count, dibaoHousehold: dibao),
                    disabilityGrade: member.disabilityGrade, updatedAt: now),
                in: database)
        }
    }

    /// The flags the alert service and analysts use; ages are counted in the bureau's time zone.
    func vulnerabilities(of resident: Resident, householdSize: Int, dibaoHousehold: Bool = false) -> [Vulnerability] {
        let age = age(of: resident)
        var flags: [Vulnerability] = []
        if age >= 60 { flags.append(.aged60Plus) }
        if age >= 80 { flags.append(.aged80Plus) }
        if (85...89).contains(age) { flags.append(.aged85To89) }
        if householdSize == 1 { flags.append(.livingAlone) }
        if resident.disabilityGrade != nil { flags.append(.disability) }
        if resident.leftBehindChild { flags.append(.leftBehindChild) }
        if resident.childInDifficulty { flags.append(.childInDifficulty) }
        if resident.institutionalCare { flags.append(.institutionalCare) }
        if dibaoHousehold { flags.append(.dibaoHousehold) }
        return flags
    }

    /// Age in whole years today, in the bureau's time zone.
    func age(of resident: Resident) -> Int {
        let parts = resident.birthDate.split(separator: "-").compactMap { Int($0) }
        let now = today()
        var age = (now.year ?? 0) - parts[0]
        if let month = now.month, let day = now.day, (month, day) < (parts[1], parts[2]) { age -= 1 }
        return age
    }

    // MARK: Reading

    func members(of householdId: String, in database: any SQLDatabase) async throws -> [Resident] {
        try await residents(in: database) { $0.where("household_id", .equal, SQLBind(householdId)).orderBy("registered_at") }
    }

    func residents(
        in database: any SQLDatabase, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder
    ) async throws -> [Resident] {
        try await filter(database.select().column("*").from("residents")).all().map { row in
            Resident(
                residentId: try row.decode(column: "id", as: String.self),
                personId: try row.decode(column: "person_id", as: String.self),
                identityNumberMasked: IdentityNumber.mask(try row.decode(column: "identity_number", as: String.self)),
                name: try row.decode(column: "name", as: String.self), sex: try row.decode(column: "sex", as: String.self),
                birthDate: try row.decode(column: "birth_date", as: String.self),
                phone: try row.decode(column: "phone", as: String?.self),
                householdId: try row.decode(column: "household_id", as: String.self),
                relationship: try row.decode(column: "relationship", as: String.self),
                disabilityGrade: try row.decode(column: "disability_grade", as: Int?.self),
                leftBehindChild: try row.decode(column: "left_behind_child", as: Int.self) != 0,
                childInDifficulty: try row.decode(column: "child_in_difficulty", as: Int.self) != 0,
                institutionalCare: try row.decode(column: "institutional_care", as: Int.self) != 0,
                registeredBy: try row.decode(column: "registered_by", as: String.self),
                registeredAt: try row.decode(column: "registered_at", as: Date.self))
        }
    }
}
