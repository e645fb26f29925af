import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Community home-care centres (居家养老服务照料中心), one per village or community: registered,
/// active organizations with a star rating (1–5) and perhaps a canteen. The catalog's centre
/// programs pay them by rating: a one-off construction subsidy, a one-off canteen upgrade, and a
/// yearly operating subsidy. They sit beside the per-bed facility subsidies, not in place of
/// them: a centre has no beds (its elders sleep at home), and a residential facility is paid by
/// the beds it keeps. Canteen meals are counted each month by kind (free, low cost, paid).
public struct CareCentres: Sendable {
    static let centres = "care_centres"
    static let meals = "care_centre_meals"

    static let migration = DatabaseMigration("relief-care-centres-1") { database in
        try await database.create(table: centres)
            .column("centre_id", type: .text, .primaryKey(autoIncrement: false))
            .column("area_code", type: .text, .notNull)
            .column("star_rating", type: .int, .notNull)
            .column("canteen", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .column("opened_on", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("recorded_at", type: .timestamp, .notNull)
            .run()
        try await database.create(table: meals)
            .column("centre_id", type: .text, .notNull)
            .column("month", type: .text, .notNull)
            .column("free", type: .int, .notNull)
            .column("low_cost", type: .int, .notNull)
            .column("paid", type: .int, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("recorded_at", type: .timestamp, .notNull)
            .primaryKey("centre_id", "month")
            .run()
    }

    public struct Centre: Codable, Sendable, Equatable {
        public var centreId: String
        public var name: String
        public var status: String
        public var areaCode: String
        public var starRating: Int
        public var canteen: Bool
        /// `YYYY-MM-DD`.
        public var openedOn: String
        public var recordedBy: String
        public var recordedAt: Date
    }

    /// A month's canteen meals, by kind.
    public struct Meals: Codable, Sendable, Equatable {
        public var centreId: String
        public var month: String
        /// Free meals (elders without family support, dibao elders).
        public var free: Int
        public var lowCost: Int
        public var paid: Int
    }

    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Records a centre, or its new rating or canteen, and tells analysts (``CareCentreSnapshot``).
    public func record(
        centreId: String, areaCode: String, starRating: Int, canteen: Bool, openedOn: String, by staff: StaffIdentity, now: Date = Date()
    ) async throws -> Centre {
        var problems: [String: String] = [:]
        if centreId.range(of: "^[A-Za-z0-9][A-Za-z0-9-]{0,63}$", options: .regularExpression) == nil { problems["centreId"] = "an organization id" }
        if areaCode.range(of: "^[0-9]{12}$", options: .regularExpression) == nil { problems["areaCode"] = "a village or community: 12 digits" }
        if !(1...5).contains(starRating) { problems["starRating"] = "1 to 5 stars" }
        if CivilDate(openedOn).map({ $0 > CivilDate(now) }) ?? true { problems["openedOn"] = "a date YYYY-MM-DD, not after today" }
        if !problems.isEmpty { throw InvalidInput("the centre is not valid", fields: problems) }
        AuditTrail.name(centreId)
        return try await database.transaction { database in
            guard let organization = try await RegisteredOrganizations.status(of: centreId, in: database), organization.status == .active else {
                throw CareError.providerNotActive(
                    providerId: centreId, status: try await RegisteredOrganizations.status(of: centreId, in: database)?.status.rawValue ?? "not registered")
            }
            try await database.insert(into: Self.centres)
                .columns("centre_id", "area_code", "star_rating", "canteen", "opened_on", "recorded_by", "recorded_at")
                .values(SQLBind(centreId), SQLBind(areaCode), SQLBind(starRating), SQLBind(canteen), SQLBind(openedOn), SQLBind(staff.staffID),
                        SQLBind(now))
                .onConflict(with: ["centre_id"]) {
                    $0.set(excludedValueOf: "area_code").set(excludedValueOf: "star_rating").set(excludedValueOf: "canteen")
                        .set(excludedValueOf: "opened_on").set(excludedValueOf: "recorded_by").set(excludedValueOf: "recorded_at")
                }
                .run()
            let centre = try await Self.all(in: database).first { $0.centreId == centreId }!
            try await Outbox.append(
                CareCentreSnapshot(centreId: centreId, name: centre.name, areaCode: areaCode, starRating: starRating, canteen: canteen,
                                   openedOn: openedOn, updatedAt: now),
                time: now, in: database)
            return centre
        }
    }

    /// Records a month's meals (again replaces them).
    public func record(meals: Meals, by staff: StaffIdentity, now: Date = Date()) async throws -> Meals {
        guard Month.isMonth(meals.month) else { throw InvalidInput("month must be YYYY-MM", fields: ["month": "YYYY-MM"]) }
        for (field, count) in [("free", meals.free), ("lowCost", meals.lowCost), ("paid", meals.paid)] where !(0...1_000_000).contains(count) {
            throw InvalidInput("\(field) is 0 to 1000000 meals", fields: [field: "0 to 1000000"])
        }
        try await database.transaction { database in
            guard try await database.select().column("canteen").from(Self.centres).where("centre_id", .equal, SQLBind(meals.centreId))
                .first()?.decode(column: "canteen", as: Bool.self) == true
            else { throw NotFound("no centre '\(meals.centreId)' with a canteen") }
            try await database.insert(into: Self.meals).columns("centre_id", "month", "free", "low_cost", "paid", "recorded_by", "recorded_at")
                .values(SQLBind(meals.centreId), SQLBind(meals.month), SQLBind(meals.free), SQLBind(meals.lowCost), SQLBind(meals.paid),
                        SQLBind(staff.staffID), SQLBind(now))
                .onConflict(with: ["centre_id", "month"]) {
                    $0.set(excludedValueOf: "free").set(excludedValueOf: "low_cost").set(excludedValueOf: "paid")
                        .set(excludedValueOf: "recorded_by").set(excludedValueOf: "recorded_at")
                }
                .run()
        }
        return meals
    }

    public func all() async throws -> [Centre] {
        try await database.withConnection { try await Self.all(in: $0) }
    }

    static func all(in database: any SQLDatabase) async throws -> [Centre] {
        var result: [Centre] = []
        for row in try await database.select().column("*").from(centres).orderBy("centre_id").all() {
            let id = try row.decode(column: "centre_id", as: String.self)
            let organization = try await RegisteredOrganizations.status(of: id, in: database)
            result.append(Centre(
                centreId: id, name: organization?.name ?? "", status: organization?.status.rawValue ?? "not registered",
                areaCode: try row.decode(column: "area_code", as: String.self), starRating: try row.decode(column: "star_rating", as: Int.self),
                canteen: try row.decode(column: "canteen", as: Bool.self), openedOn: try row.decode(column: "opened_on", as: String.self),
                recordedBy: try row.decode(column: "recorded_by", as: String.self), recordedAt: try row.decode(column: "recorded_at", as: Date.self)))
        }
        return result
    }

    /// Meals of the months given, per centre and month.
    static func meals(in months: [String], in database: any SQLDatabase) async throws -> [Meals] {
        try await database.select().column("*").from(meals).where("month", .in, SQLBind.group(months)).orderBy("month").orderBy("centre_id").all()
            .map { row in
                Meals(centreId: try row.decode(column: "centre_id", as: String.self), month: try row.decode(column: "month", as: String.self),
                      free: try row.decode(column: "free", as: Int.self), lowCost: try row.decode(column: "low_cost", as: Int.self),
                      paid: try row.decode(column: "paid", as: Int.self))
            }
    }

    /// A centre program's lines: each active centre its subsidy by rating (construction, once;
    /// canteen, once per centre with a canteen; operation, once a year for centres open by the period).
    static func lines(program: ReliefProgram, rate: ReliefProgram.Rate, period: String, in database: any SQLDatabase) async throws
        -> [PayrollCandidates.Line]
    {
        let year = Month(period)?.yearText ?? ""
        var lines: [PayrollCandidates.Line] = []
        for centre in try await all(in: database) where centre.status == OrganizationRecord.Status.active.rawValue {
            guard centre.openedOn.prefix(7) <= period else { continue }
            let amount: Int?
            let key: String
            switch program.subsidy {
            case .canteen:
                guard centre.canteen else { continue }
                amount = rate.amountFen
                key = PaymentKey.grant(payee: centre.centreId, program: program.id)
            case .operation:
                amount = rate.perRatingFen?[String(centre.starRating)]
                key = PaymentKey.grant(payee: centre.centreId, program: program.id, year: year)
            default:
                amount = rate.perRatingFen?[String(centre.starRating)]
                key = PaymentKey.grant(payee: centre.centreId, program: program.id)
            }
            lines.append(PayrollCandidates.Line(
                key: key, beneficiaryId: centre.centreId, householdId: "", amountFen: amount ?? 0, sourceId: centre.centreId,
                heldBecause: amount == nil ? "the catalog sets no amount for a \(centre.starRating)-star centre" : nil))
        }
        return lines
    }
}
