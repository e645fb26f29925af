import CivilDomain
import Contracts
import Crypto
import Foundation
import ServiceKit
import SQLKit

/// Visits providers record. A visit is accepted only for an elder with a plan in force that
/// month, of a service type in the plan and the provider's contract, in an area the provider
/// serves, within the contract, not overlapping another visit of the elder, and within the
/// month's hours, or else paid from the elder's 85–89 service credit while it lasts (drawn down
/// in fen, and only while the person topic says the elder is 85 to 89 and not in an institution); anything else is refused naming the rule. Each elder's visits are decided one at a
/// time (the plan row is locked), so two uploads at once cannot both use the last hour.
public struct CareVisits: Sendable {
    static let table = "care_visits"

    static let migration = DatabaseMigration("relief-care-visits-1") { database in
        try await database.create(table: table)
            .column("visit_id", type: .text, .primaryKey(autoIncrement: false))
            .column("provider_id", type: .text, .notNull)
            .column("person_id", type: .text, .notNull)
            .column("household_id", type: .text, .notNull)
            .column("area_code", type: .text, .notNull)
            .column("service_type", type: .text, .notNull)
            .column("started_at", type: .timestamp, .notNull)
            .column("ended_at", type: .timestamp, .notNull)
            .column("minutes", type: .int, .notNull)
            .column("month", type: .text, .notNull)
            .column("paid_from", type: .text, .notNull)
            .column("amount_fen", type: .bigint, .notNull)
            .column("status", type: .text, .notNull)
            .column("staff_member", type: .text, .notNull)
            .column("latitude", type: .real)
            .column("longitude", type: .real)
            .column("recorded_by", type: .text, .notNull)
            .column("recorded_at", type: .timestamp, .notNull)
            .run()
        try await database.create(index: "care_visits_person_month").on(table).column("person_id").column("month").run()
        try await database.create(index: "care_visits_provider_month").on(table).column("provider_id").column("month").run()
    }

    /// Where a care worker's phone checked the visit in (WGS 84).
    public struct Location: Codable, Sendable, Equatable {
        public var latitude: Double
        public var longitude: Double

        public init(latitude: Double, longitude: Double) {
            self.latitude = latitude
            self.longitude = longitude
        }
    }

    /// A visit as the provider reports it.
    public struct Report: Codable, Sendable, Equatable {
        public var personId: String
        public var serviceType: String
        public var startedAt: Date
        public var endedAt: Date
        /// The provider's own id for its care worker (no name).
        public var staffMember: String
        /// Where the visit was checked in, if the worker's phone did.
        public var location: Location?

        public init(personId: String, serviceType: String, startedAt: Date, endedAt: Date, staffMember: String, location: Location? = nil) {
            self.personId = personId
            self.serviceType = serviceType
            self.startedAt = startedAt
            self.endedAt = endedAt
            self.staffMember = staffMember
            self.location = location
        }
    }

    /// A visit as accepted.
    public typealias Visit = CareVisitRecorded

    /// One row of a bulk upload: the visit, or why it was refused.
    public struct Outcome: Codable, Sendable, Equatable {
        public var index: Int
        public var visit: Visit?
        public var refused: String?
        public var rule: String?
    }

    /// A visit lasts 15 minutes to 8 hours.
    static let minutes = 15...480
    let database: ServiceDatabase
    let entitlements: EntitlementLedger
    /// The catalog's care-settlement programs: a month one of them has paid is closed to new visits.
    let settlementPrograms: [String]
    let clock: BureauClock

    public init(database: ServiceDatabase, entitlements: EntitlementLedger, settlementPrograms: [String], clock: BureauClock = .system) {
        self.database = database
        self.entitlements = entitlements
        self.settlementPrograms = settlementPrograms
        self.clock = clock
    }

    /// Records one visit of `providerId`.
    public func record(_ report: Report, providerId: String, by staff: StaffIdentity) async throws -> Visit {
        try Self.check(report, now: clock.now)
        let now = clock.now
        let month = CivilDate(report.startedAt).month.description
        return try await database.transaction { database in
            try await record(report, month: month, providerId: providerId, by: staff, now: now, in: database)
        }
    }

    /// Records up to 500 visits; each is accepted or refused on its own (a refused row changes
    /// nothing). A row that is malformed (not a pseudonym, too long, in the future) refuses the
    /// whole upload first, naming the row, so that a broken file is fixed rather than half taken.
    public func record(bulk reports: [Report], providerId: String, by staff: StaffIdentity) async throws -> [Outcome] {
        guard (1...500).contains(reports.count) else { throw InvalidInput("1 to 500 visits", fields: ["visits": "1 to 500"]) }
        let now = clock.now
        for (index, report) in reports.enumerated() {
            do {
                try Self.check(report, now: now)
            } catch let invalid as InvalidInput {
                throw InvalidInput("visit \(index) is not valid: nothing was recorded",
                                   fields: Dictionary(uniqueKeysWithValues: invalid.fields.map { ("visits[\(index)].\($0.key)", $0.value) }))
            }
        }
        var outcomes: [Outcome] = []
        for (index, report) in reports.enumerated() {
            do {
                outcomes.append(Outcome(index: index, visit: try await record(report, providerId: providerId, by: staff)))
            } catch let error as any ProblemConvertible {
                let problem = error.problem
                outcomes.append(Outcome(index: index, refused: problem.detail, rule: problem.kind))
            }
        }
        return outcomes
    }

    private func record(
        _ report: Report, month: String, providerId: String, by staff: StaffIdentity, now: Date, in database: any SQLDatabase
    ) async throws -> Visit {
        guard let provider = try await CareProviders.provider(providerId, in: database) else { throw CareError.notAProvider(providerId) }
        guard provider.status == OrganizationRecord.Status.active.rawValue else {
            throw CareError.providerNotActive(providerId: providerId, status: provider.status)
        }
        guard provider.contractFrom <= month, month <= provider.contractUntil else { throw CareError.outsideContract(providerId: providerId, month: month) }
        guard let plan = try await CarePlans.plan(of: report.personId, in: month, entitlements: entitlements, in: database) else {
            throw CareError.notEligible(personId: report.personId, month: month)
        }
        // One elder's visits are decided one at a time.
        _ = try await database.select().column("application_id").from(CarePlans.table)
            .where("application_id", .equal, SQLBind(plan.applicationId)).for(.update).first()
        guard plan.serviceTypes.contains(report.serviceType) else {
            throw CareError.outsidePlan(serviceType: report.serviceType, allowed: plan.serviceTypes)
        }
        guard let hourly = provider.hourlyRatesFen[report.serviceType] else { throw CareError.notContracted(serviceType: report.serviceType) }
        let areaCode = try await database.select().column("area_code").from("household_areas")
            .where("household_id", .equal, SQLBind(plan.householdId)).first()?.decode(column: "area_code", as: String.self) ?? ""
        guard provider.areas.contains(where: { !areaCode.isEmpty && areaCode.hasPrefix($0) }) else {
            throw CareError.areaNotServed(areaCode: areaCode.isEmpty ? "unknown" : areaCode)
        }
        for program in settlementPrograms {
            let key = PaymentKey.grant(payee: providerId, program: program, year: month)
            if try await database.select().column("idempotency_key").from("payments").where("idempotency_key", .equal, SQLBind(key)).first() != nil {
                throw CareError.monthSettled(providerId: providerId, month: month)
            }
        }
        if let other = try await database.select().column("visit_id").from(Self.table)
            .where("person_id", .equal, SQLBind(report.personId))
            .where("started_at", .lessThan, SQLBind(report.endedAt)).where("ended_at", .greaterThan, SQLBind(report.startedAt)).first() {
            throw CareError.overlapping(visitId: try other.decode(column: "visit_id", as: String.self))
        }
        let minutes = Int(report.endedAt.timeIntervalSince(report.startedAt) / 60)
        let cost = (minutes * hourly + 30) / 60
        var usedMinutes = 0
        var creditUsed = 0
        for row in try await database.select().columns("minutes", "paid_from", "amount_fen").from(Self.table)
            .where("person_id", .equal, SQLBind(report.personId)).where("month", .equal, SQLBind(month)).all() {
            if try row.decode(column: "paid_from", as: String.self) == CareVisitRecorded.PaidFrom.credit.rawValue {
                creditUsed += try row.decode(column: "amount_fen", as: Int.self)
            } else {
                usedMinutes += try row.decode(column: "minutes", as: Int.self)
            }
        }
        // The credit is for those aged 85 to 89 outside institutions, as the person topic says now.
        let aged85To89 = plan.serviceCreditFen > 0 ? try await ElderRegister.isAged85To89(report.personId, in: database) : false
        let credit = aged85To89 ? plan.serviceCreditFen : 0
        let paidFrom: CareVisitRecorded.PaidFrom
        if usedMinutes + minutes <= plan.monthlyHours * 60 {
            paidFrom = .hours
        } else if creditUsed + cost <= credit {
            paidFrom = .credit
        } else {
            throw CareError.beyondMonthlyHours(
                usedMinutes: usedMinutes, allowedMinutes: plan.monthlyHours * 60, creditLeftFen: max(0, credit - creditUsed), visitFen: cost)
        }
        let visit = Visit(
            visitId: Self.visitId(providerId: providerId, personId: report.personId, startedAt: report.startedAt), providerId: providerId,
            personId: report.personId, householdId: plan.householdId, areaCode: areaCode, serviceType: report.serviceType,
            startedAt: report.startedAt, endedAt: report.endedAt, minutes: minutes, month: month, paidFrom: paidFrom, amountFen: cost,
            status: .recorded, recordedAt: now)
        AuditTrail.name(visit.visitId)
        try await database.insert(into: Self.table)
            .columns("visit_id", "provider_id", "person_id", "household_id", "area_code", "service_type", "started_at", "ended_at", "minutes",
                     "month", "paid_from", "amount_fen", "status", "staff_member", "latitude", "longitude", "recorded_by", "recorded_at")
            .values(SQLBind(visit.visitId), SQLBind(providerId), SQLBind(visit.personId), SQLBind(visit.householdId), SQLBind(areaCode),
                    SQLBind(visit.serviceType), SQLBind(visit.startedAt), SQLBind(visit.endedAt), SQLBind(minutes), SQLBind(month),
                    SQLBind(paidFrom.rawValue), SQLBind(cost), SQLBind(visit.status.rawValue), SQLBind(report.staffMember),
                    SQLBind(report.location?.latitude), SQLBind(report.location?.longitude), SQLBind(staff.staffID), SQLBind(now))
            .run()
        try await Outbox.append(visit, id: visit.visitId, time: now, in: database)
        return visit
    }

    /// The visit's id: the same provider, elder and start give the same id, so a retried upload
    /// finds its visit (as an overlap) instead of recording it twice.
    static func visitId(providerId: String, personId: String, startedAt: Date) -> String {
        let digest = SHA256.hash(data: Data("\(providerId)\n\(personId)\n\(Int(startedAt.timeIntervalSince1970))".utf8))
        return "V-" + digest.prefix(8).map { String(format: "%02X", $0) }.joined()
    }

    /// The checks that need no database: pseudonym, times, length, texts.
    static func check(_ report: Report, now: Date) throws {
        var problems: [String: String] = [:]
        if !PersonPseudonymizer.isPseudonym(report.personId) { problems["personId"] = "a person's pseudonym (p_ and 32 hexadecimal digits)" }
        if report.serviceType.range(of: "^[a-z][a-z-]{0,31}$", options: .regularExpression) == nil { problems["serviceType"] = "a service type" }
        if report.staffMember.range(of: "^[A-Za-z0-9-]{1,32}$", options: .regularExpression) == nil {
            problems["staffMember"] = "the provider's id for its worker: 1 to 32 letters, digits and '-'"
        }
        let span = report.endedAt.timeIntervalSince(report.startedAt) / 60
        if !span.isFinite || !(Double(minutes.lowerBound)...Double(minutes.upperBound)).contains(span) {
            problems["endedAt"] = "a visit lasts 15 minutes to 8 hours"
        } else if CivilDate(report.startedAt) != CivilDate(report.endedAt.addingTimeInterval(-1)) {
            problems["endedAt"] = "a visit ends on the day it starts"
        }
        if report.endedAt > now.addingTimeInterval(300) { problems["endedAt"] = "a visit is recorded after it happened" }
        if let location = report.location, !(-90...90).contains(location.latitude) || !(-180...180).contains(location.longitude) {
            problems["location"] = "WGS 84 latitude and longitude"
        }
        if !problems.isEmpty { throw InvalidInput("the visit is not valid", fields: problems) }
    }

    /// A page of visits, of a provider and month.
    public func visits(providerId: String?, month: String?, page: PageRequest) async throws -> Page<Visit> {
        try await database.withReadConnection { database in
            func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                var select = select.from(Self.table)
                if let providerId { select = select.where("provider_id", .equal, SQLBind(providerId)) }
                if let month { select = select.where("month", .equal, SQLBind(month)) }
                return select
            }
            let total = try await filtered(database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await filtered(database.select().column("*")).orderBy("started_at").orderBy("visit_id")
                .limit(page.pageSize).offset(page.offset).all()
            return Page(try rows.map(Self.visit(from:)), of: page, total: total)
        }
    }

    static func visit(from row: any SQLRow) throws -> Visit {
        Visit(
            visitId: try row.decode(column: "visit_id", as: String.self), providerId: try row.decode(column: "provider_id", as: String.self),
            personId: try row.decode(column: "person_id", as: String.self), householdId: try row.decode(column: "household_id", as: String.self),
            areaCode: try row.decode(column: "area_code", as: String.self), serviceType: try row.decode(column: "service_type", as: String.self),
            startedAt: try row.decode(column: "started_at", as: Date.self), endedAt: try row.decode(column: "ended_at", as: Date.self),
            minutes: try row.decode(column: "minutes", as: Int.self), month: try row.decode(column: "month", as: String.self),
            paidFrom: CareVisitRecorded.PaidFrom(rawValue: try row.decode(column: "paid_from", as: String.self)) ?? .hours,
            amountFen: try row.decode(column: "amount_fen", as: Int.self),
            status: CareVisitRecorded.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .recorded,
            recordedAt: try row.decode(column: "recorded_at", as: Date.self))
    }
}
