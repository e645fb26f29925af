import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Shelters and who is in them. Occupancy never exceeds capacity: a check-in is one conditional
/// update (`occupancy < capacity`), so concurrent check-ins cannot overfill a shelter; a full or
/// closed shelter answers with the nearest open shelter with room in the same street. Every
/// change publishes the shelter's state (compacted by shelter).
public struct ShelterDesk: Sendable {
    static let table = "shelters"
    static let occupants = "shelter_occupants"

    public static let migration = DatabaseMigration("alerts-shelters-1") { database in
        try await database.create(table: table)
            .column("shelter_id", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("area_code", type: .text, .notNull)
            .column("capacity", type: .int, .notNull)
            .column("occupancy", type: .int, .notNull)
            .column("open", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .column("latitude", type: .real, .notNull)
            .column("longitude", type: .real, .notNull)
            .column("manager_staff_id", type: .text)
            .column("manager_phone", type: .text)
            .column("updated_at", type: .timestamp, .notNull)
            .column("updated_by", type: .text, .notNull)
            .run()
        try await database.create(table: occupants)
            .column("person_id", type: .text, .primaryKey(autoIncrement: false))
            .column("shelter_id", type: .text, .notNull)
            .column("checked_in_at", type: .timestamp, .notNull)
            .column("checked_in_by", type: .text, .notNull)
            .run()
    }

    /// What a registration says; the shelter starts empty.
    public struct Registration: Codable, Sendable {
        public var shelterId: String
        public var name: String
        public var areaCode: String
        public var capacity: Int
        public var open: Bool
        public var location: GeoPoint
        public var managerStaffId: String?
        /// Restricted: used for notifications only, never returned.
        public var managerPhone: String?

        public init(shelterId: String, name: String, areaCode: String, capacity: Int, open: Bool, location: GeoPoint,
                    managerStaffId: String? = nil, managerPhone: String? = nil) {
            self.shelterId = shelterId
            self.name = name
            self.areaCode = areaCode
            self.capacity = capacity
            self.open = open
            self.location = location
            self.managerStaffId = managerStaffId
            self.managerPhone = managerPhone
        }
    }

    /// Occupancy of one community's shelters.
    public struct AreaOccupancy: Codable, Sendable, Equatable {
        public var areaCode: String
        public var shelters: Int
        public var openShelters: Int
        public var capacity: Int
        public var occupancy: Int
    }

    public let database: ServiceDatabase
    public let areas: AlertAreas

    public init(database: ServiceDatabase, areas: AlertAreas) {
        self.database = database
        self.areas = areas
    }

    public func register(_ registration: Registration, by staff: StaffIdentity, now: Date = Date()) async throws -> Shelter {
        AuditTrail.name(registration.shelterId)
        var problems: [String: String] = [:]
        if registration.shelterId.range(of: Shelter.idPattern, options: .regularExpression) == nil {
            problems["shelterId"] = "1 to 64 letters, digits and '-'"
        }
        if !FreeText.isLine(registration.name, maxLength: 128) { problems["name"] = "1 to 128 characters" }
        if let phone = registration.managerPhone, phone.range(of: "^1[0-9]{10}$", options: .regularExpression) == nil {
            problems["managerPhone"] = "an 11-digit mainland mobile number"
        }
        if !areas.leaves.contains(registration.areaCode) { problems["areaCode"] = "is not a community or village of the district" }
        if !Shelter.capacities.contains(registration.capacity) { problems["capacity"] = "1 to \(Shelter.capacities.upperBound) places" }
        if !(-90...90).contains(registration.location.latitude) || !(-180...180).contains(registration.location.longitude) {
            problems["location"] = "must be WGS 84 latitude and longitude"
        }
        if !problems.isEmpty { throw InvalidInput("the shelter is not valid", fields: problems) }
        return try await database.transaction { database in
            guard try await load(registration.shelterId, in: database) == nil else {
                throw ShelterError.shelterExists(registration.shelterId)
            }
            try await database.insert(into: Self.table)
                .columns("shelter_id", "name", "area_code", "capacity", "occupancy", "open", "latitude", "longitude",
                         "manager_staff_id", "manager_phone", "updated_at", "updated_by")
                .values(
                    SQLBind(registration.shelterId), SQLBind(registration.name), SQLBind(registration.areaCode),
                    SQLBind(registration.capacity), SQLBind(0), SQLBind(registration.open),
                    SQLBind(registration.location.latitude), SQLBind(registration.location.longitude),
                    SQLBind(registration.managerStaffId), SQLBind(registration.managerPhone), SQLBind(now), SQLBind(staff.staffID))
                .run()
            return try await published(registration.shelterId, in: database)
        }
    }

    /// Opens or closes a shelter; a closed shelter takes no check-ins (those inside stay).
    public func setOpen(_ shelterId: String, _ open: Bool, by staff: StaffIdentity, now: Date = Date()) async throws -> Shelter {
        try await database.transaction { database in
            _ = try await existing(shelterId, in: database)
            try await database.update(Self.table).set("open", to: open).set("updated_at", to: now)
                .set("updated_by", to: staff.staffID).where("shelter_id", .equal, shelterId).run()
            return try await published(shelterId, in: database)
        }
    }

    /// Checks a person in; with `alertId`, their home was damaged in that alert and the household's
    /// need is reported to registration with the check-in.
    public func checkIn(
        _ personId: String, to shelterId: String, homeDamagedDuring alertId: String? = nil, by staff: StaffIdentity, now: Date = Date()
    ) async throws -> Shelter {
        try await database.transaction { database in
            let shelter = try await existing(shelterId, in: database)
            if let alertId, try await AlertDesk.state(of: alertId, in: database) == nil { throw NotFound("no alert '\(alertId)'") }
            if let stay = try await database.select().column("shelter_id").from(Self.occupants)
                .where("person_id", .equal, personId).first() {
                let current = try stay.decode(column: "shelter_id", as: String.self)
                throw ShelterError.alreadyCheckedIn(at: current)
            }
            let taken = try await database.update(Self.table)
                .set(SQLIdentifier("occupancy"), to: SQLRaw("occupancy + 1"))
                .set("updated_at", to: now).set("updated_by", to: staff.staffID)
                .where("shelter_id", .equal, shelterId).where("open", .equal, true)
                .where(SQLIdentifier("occupancy"), .lessThan, SQLIdentifier("capacity"))
                .returning("occupancy").all()
            guard !taken.isEmpty else { throw try await refusal(shelter, in: database) }
            try await database.insert(into: Self.occupants)
                .columns("person_id", "shelter_id", "checked_in_at", "checked_in_by")
                .values(SQLBind(personId), SQLBind(shelterId), SQLBind(now), SQLBind(staff.staffID)).run()
            if let alertId {
                try await AssistanceNeeds.report(
                    alertId: alertId, personId: personId, category: .houseDamage, source: .shelterCheckIn, reportedBy: staff.staffID,
                    now: now, in: database)
            }
            return try await published(shelterId, in: database)
        }
    }

    public func checkOut(_ personId: String, from shelterId: String, by staff: StaffIdentity, now: Date = Date()) async throws -> Shelter {
        try await database.transaction { database in
            _ = try await existing(shelterId, in: database)
            let removed = try await database.delete(from: Self.occupants)
                .where("person_id", .equal, personId).where("shelter_id", .equal, shelterId)
                .returning("person_id").all()
            guard !removed.isEmpty else {
                throw ShelterError.notCheckedIn(at: shelterId)
            }
            try await database.update(Self.table)
                .set(SQLIdentifier("occupancy"), to: SQLRaw("occupancy - 1"))
                .set("updated_at", to: now).set("updated_by", to: staff.staffID)
                .where("shelter_id", .equal, shelterId).run()
            return try await published(shelterId, in: database)
        }
    }

    public func shelter(_ shelterId: String) async throws -> Shelter {
        try await database.withConnection { try await existing(shelterId, in: $0) }
    }

    /// Shelters, optionally of one community or street (any area code: its communities' shelters).
    public func shelters(within areaCode: String? = nil) async throws -> [Shelter] {
        let all = try await database.withConnection { database in
            try await database.select().column("*").from(Self.table).orderBy("shelter_id").all().map(Self.shelter(from:))
        }
        guard let areaCode else { return all }
        return all.filter { areas.isWithin($0.areaCode, areaCode) }
    }

    public func occupancyByArea() async throws -> [AreaOccupancy] {
        let grouped = Dictionary(grouping: try await shelters(), by: \.areaCode)
        return grouped.keys.sorted().map { area in
            let shelters = grouped[area]!
            return AreaOccupancy(
                areaCode: area, shelters: shelters.count, openShelters: shelters.count(where: \.open),
                capacity: shelters.reduce(0) { $0 + $1.capacity }, occupancy: shelters.reduce(0) { $0 + $1.occupancy })
        }
    }

    /// The managers of an area's shelters, notified with its residents.
    static func managers(in areaCode: String, in database: any SQLDatabase) async throws -> [StaffRecipient] {
        try await database.select().columns("manager_staff_id", "manager_phone").from(table)
            .where("area_code", .equal, areaCode).where("manager_staff_id", .isNot, SQLLiteral.null).all()
            .map { row in
                StaffRecipient(
                    staffId: try row.decode(column: "manager_staff_id", as: String.self),
                    phone: try row.decode(column: "manager_phone", as: String?.self), role: .shelterManager)
            }
    }

    /// ``ShelterError/noPlace(_:alternative:)``, naming the nearest open shelter with room in the same street.
    private func refusal(_ shelter: Shelter, in database: any SQLDatabase) async throws -> ShelterError {
        let street = areas.street(of: shelter.areaCode)
        let candidates = try await database.select().column("*").from(Self.table)
            .where("open", .equal, true).where(SQLIdentifier("occupancy"), .lessThan, SQLIdentifier("capacity"))
            .where("shelter_id", .notEqual, shelter.shelterId).all().map(Self.shelter(from:))
            .filter { areas.street(of: $0.areaCode) == street }
        let nearest = candidates.min { shelter.location.distance(to: $0.location) < shelter.location.distance(to: $1.location) }
        return .noPlace(shelter, alternative: nearest.map {
            ShelterError.Alternative(shelter: $0, distanceMetres: Int(shelter.location.distance(to: $0.location).rounded()))
        })
    }

    private func existing(_ shelterId: String, in database: any SQLDatabase) async throws -> Shelter {
        guard let shelter = try await load(shelterId, in: database) else { throw NotFound("no shelter '\(shelterId)'") }
        return shelter
    }

    private func load(_ shelterId: String, in database: any SQLDatabase) async throws -> Shelter? {
        try await database.select().column("*").from(Self.table).where("shelter_id", .equal, shelterId).first()
            .map(Self.shelter(from:))
    }

    /// Loads the shelter after a change and queues its new state for the shelter topic.
    private func published(_ shelterId: String, in database: any SQLDatabase) async throws -> Shelter {
        let shelter = try await existing(shelterId, in: database)
        try await Outbox.append(ShelterStatus(
            shelterId: shelter.shelterId, name: shelter.name, areaCode: shelter.areaCode, capacity: shelter.capacity,
            occupancy: shelter.occupancy, open: shelter.open, updatedAt: shelter.updatedAt), time: shelter.updatedAt, in: database)
        return shelter
    }

    private static func shelter(from row: any SQLRow) throws -> Shelter {
        Shelter(
            shelterId: try row.decode(column: "shelter_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            areaCode: try row.decode(column: "area_code", as: String.self),
            capacity: try row.decode(column: "capacity", as: Int.self),
            occupancy: try row.decode(column: "occupancy", as: Int.self),
            open: try row.decode(column: "open", as: Bool.self),
            location: GeoPoint(latitude: try row.decode(column: "latitude", as: Double.self),
                               longitude: try row.decode(column: "longitude", as: Double.self)),
            managerStaffId: try row.decode(column: "manager_staff_id", as: String?.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self),
            updatedBy: try row.decode(column: "updated_by", as: String.self))
    }
}
