import CivilDomain
import Foundation
import ServiceKit
import SQLKit

/// Whether each shelter could take people tonight: the supplies its places need (the catalog's
/// norms) against what its store holds, staff on duty, and the checks done (signage, lighting,
/// water, power, last inspection). Shelters are ranked by their gaps, worst first, for the duty
/// officer to fix before a typhoon.
public struct ShelterReadiness: Sendable {
    static let checks = "shelter_checks"

    public static let migration = DatabaseMigration("alerts-shelter-checks-1") { database in
        try await database.create(table: checks)
            .column("shelter_id", type: .text, .primaryKey(autoIncrement: false))
            .column("signage", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .column("lighting", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .column("water", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .column("power", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .column("staff_on_duty", type: .int, .notNull)
            .column("last_inspection_on", type: .text)
            .column("recorded_by", type: .text, .notNull)
            .column("recorded_at", type: .timestamp, .notNull)
            .run()
    }

    /// What an officer records at a shelter.
    public struct Checks: Codable, Sendable, Equatable {
        public var signage: Bool
        public var lighting: Bool
        public var water: Bool
        public var power: Bool
        public var staffOnDuty: Int
        /// `YYYY-MM-DD`.
        public var lastInspectionOn: String?

        public init(signage: Bool, lighting: Bool, water: Bool, power: Bool, staffOnDuty: Int, lastInspectionOn: String?) {
            self.signage = signage
            self.lighting = lighting
            self.water = water
            self.power = power
            self.staffOnDuty = staffOnDuty
            self.lastInspectionOn = lastInspectionOn
        }
    }

    /// One shelter's readiness.
    public struct Entry: Codable, Sendable, Equatable {
        public struct Supply: Codable, Sendable, Equatable {
            public var item: String
            public var needed: Int
            public var held: Int
            public var short: Int
        }

        public var shelterId: String
        public var name: String
        public var areaCode: String
        public var capacity: Int
        public var open: Bool
        public var supplies: [Supply]
        /// Nil when no one has recorded the shelter's checks.
        public var checks: Checks?
        /// Each gap in words: `quilt short 40`, `no staff on duty`, `lighting not checked`.
        public var gaps: [String]
        /// Share of the needed supplies missing, in per mille (0 = fully stocked).
        public var suppliesShortPerMille: Int
        public var ready: Bool
    }

    public let database: ServiceDatabase
    public let catalog: MaterialCatalog
    public let areas: AlertAreas

    public init(database: ServiceDatabase, catalog: MaterialCatalog, areas: AlertAreas) {
        self.database = database
        self.catalog = catalog
        self.areas = areas
    }

    public func record(_ checks: Checks, for shelterId: String, by staff: StaffIdentity, now: Date = Date()) async throws -> Entry {
        guard (0...10_000).contains(checks.staffOnDuty) else {
            throw InvalidInput("staffOnDuty is 0 to 10000", fields: ["staffOnDuty": "0 to 10000"])
        }
        if let day = checks.lastInspectionOn {
            guard let date = CivilDate(day), date <= CivilDate(now) else {
                throw InvalidInput("lastInspectionOn is a past date YYYY-MM-DD", fields: ["lastInspectionOn": "a date not after today"])
            }
        }
        try await database.transaction { database in
            guard try await database.select().column("shelter_id").from(ShelterDesk.table).where("shelter_id", .equal, shelterId).first() != nil else {
                throw NotFound("no shelter '\(shelterId)'")
            }
            try await database.insert(into: Self.checks)
                .columns("shelter_id", "signage", "lighting", "water", "power", "staff_on_duty", "last_inspection_on", "recorded_by", "recorded_at")
                .values(SQLBind(shelterId), SQLBind(checks.signage), SQLBind(checks.lighting), SQLBind(checks.water), SQLBind(checks.power),
                        SQLBind(checks.staffOnDuty), SQLBind(checks.lastInspectionOn), SQLBind(staff.staffID), SQLBind(now))
                .onConflict(with: ["shelter_id"]) {
                    $0.set(excludedValueOf: "signage").set(excludedValueOf: "lighting").set(excludedValueOf: "water")
                        .set(excludedValueOf: "power").set(excludedValueOf: "staff_on_duty").set(excludedValueOf: "last_inspection_on")
                        .set(excludedValueOf: "recorded_by").set(excludedValueOf: "recorded_at")
                }
                .run()
        }
        guard let entry = try await ranked(today: CivilDate(now)).first(where: { $0.shelterId == shelterId }) else {
            throw NotFound("no shelter '\(shelterId)'")
        }
        return entry
    }

    /// Every shelter (optionally within some areas), most gaps first; ties by the share of
    /// supplies missing, then by capacity (a larger shelter matters more), then id.
    public func ranked(within areaCodes: [String]? = nil, today: CivilDate) async throws -> [Entry] {
        let (shelters, held, recorded) = try await database.withReadConnection { database in
            let shelters = try await database.select().columns("shelter_id", "name", "area_code", "capacity", "open").from(ShelterDesk.table)
                .orderBy("shelter_id").all()
                .map { (try $0.decode(column: "shelter_id", as: String.self), try $0.decode(column: "name", as: String.self),
                        try $0.decode(column: "area_code", as: String.self), try $0.decode(column: "capacity", as: Int.self),
                        try $0.decode(column: "open", as: Bool.self)) }
            var held: [String: [String: Int]] = [:]
            for row in try await database.raw("""
                SELECT s.shelter_id, b.item, CAST(SUM(b.on_hand) AS BIGINT) AS held
                FROM \(ident: StockLedger.stores) s JOIN \(ident: StockLedger.batches) b ON b.store_id = s.store_id
                WHERE s.shelter_id IS NOT NULL GROUP BY s.shelter_id, b.item
                """).all() {
                held[try row.decode(column: "shelter_id", as: String.self), default: [:]][try row.decode(column: "item", as: String.self)] =
                    try row.decode(column: "held", as: Int.self)
            }
            var recorded: [String: Checks] = [:]
            for row in try await database.select().column("*").from(Self.checks).all() {
                recorded[try row.decode(column: "shelter_id", as: String.self)] = Checks(
                    signage: try row.decode(column: "signage", as: Bool.self), lighting: try row.decode(column: "lighting", as: Bool.self),
                    water: try row.decode(column: "water", as: Bool.self), power: try row.decode(column: "power", as: Bool.self),
                    staffOnDuty: try row.decode(column: "staff_on_duty", as: Int.self),
                    lastInspectionOn: try row.decode(column: "last_inspection_on", as: String?.self))
            }
            return (shelters, held, recorded)
        }
        let oldestValid = today.adding(days: -catalog.inspectionValidDays) ?? today
        let entries = shelters.filter { shelter in areaCodes.map { $0.contains { areas.isWithin(shelter.2, $0) } } ?? true }
            .map { id, name, area, capacity, open -> Entry in
                let supplies = catalog.needs(forCapacity: capacity).map { need -> Entry.Supply in
                    let have = held[id]?[need.item] ?? 0
                    return Entry.Supply(item: need.item, needed: need.quantity, held: have, short: max(0, need.quantity - have))
                }
                var gaps = supplies.filter { $0.short > 0 }.map { "\($0.item) short \($0.short)" }
                let checks = recorded[id]
                if let checks {
                    for (name, done) in [("signage", checks.signage), ("lighting", checks.lighting), ("water", checks.water), ("power", checks.power)]
                    where !done { gaps.append("\(name) not ready") }
                    if checks.staffOnDuty == 0 { gaps.append("no staff on duty") }
                    if (checks.lastInspectionOn.flatMap(CivilDate.init).map { $0 < oldestValid }) ?? true {
                        gaps.append("not inspected in \(catalog.inspectionValidDays) days")
                    }
                } else {
                    gaps.append("checks not recorded")
                }
                let needed = supplies.reduce(0) { $0 + min($1.needed, 1_000_000_000) }
                let short = supplies.reduce(0) { $0 + min($1.short, 1_000_000_000) }
                return Entry(shelterId: id, name: name, areaCode: area, capacity: capacity, open: open, supplies: supplies, checks: checks,
                             gaps: gaps, suppliesShortPerMille: needed == 0 ? 0 : short * 1000 / needed, ready: gaps.isEmpty)
            }
        return entries.sorted {
            ($0.gaps.count, $0.suppliesShortPerMille, $0.capacity, $1.shelterId) > ($1.gaps.count, $1.suppliesShortPerMille, $1.capacity, $0.shelterId)
        }
    }
}
