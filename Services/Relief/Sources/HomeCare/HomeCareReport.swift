import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The home-care figures of the half-year report, per area and month: elders with plans,
/// elders served, visits and hours by service type, service credit spent, the 85–89 credit's
/// coverage, and each provider's satisfaction rate from the call-backs.
public struct HomeCareReport: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var month: String
        public var areaCode: String
        public var eldersWithPlans: Int
        public var eldersWithCredit: Int
        /// Residents aged 85–89 outside institutions, as the person topic says now.
        public var eldersAged85To89: Int
        public var eldersServed: Int
        public var visits: Int
        /// Minutes delivered per service type.
        public var minutesByServiceType: [String: Int]
        public var hoursFen: Int
        public var creditFen: Int
    }

    /// Centres by star rating, and their canteens' meals by kind and month.
    public struct Centres: Codable, Sendable, Equatable {
        public var byStarRating: [String: Int]
        public var withCanteen: Int
        public var meals: [CareCentres.Meals]
    }

    public var from: String
    public var until: String
    public var rows: [Row]
    public var satisfaction: [CallBacks.Satisfaction]
    public var centres: Centres
    public var totals: Row

    static func make(
        from: String, until: String, entitlements: EntitlementLedger, callBacks: CallBacks, database: ServiceDatabase
    ) async throws -> HomeCareReport {
        guard let first = Month(from), let last = Month(until), first <= last else {
            throw InvalidInput("from and until are months YYYY-MM, in order", fields: ["until": "not before from"])
        }
        var period: [String] = []
        var month = first
        while month <= last, period.count < 120 {
            period.append(month.description)
            guard let next = month.next else { break }
            month = next
        }
        let months = period
        let (rows, elders) = try await database.withReadConnection { database in
            let areas = Dictionary(try await database.select().columns("household_id", "area_code").from("household_areas").all().map {
                (try $0.decode(column: "household_id", as: String.self), try $0.decode(column: "area_code", as: String.self))
            }, uniquingKeysWith: { first, _ in first })
            var rows: [String: Row] = [:]
            func row(_ month: String, _ area: String) -> Row {
                rows["\(month)|\(area)"] ?? Row(month: month, areaCode: area, eldersWithPlans: 0, eldersWithCredit: 0, eldersAged85To89: 0,
                                                eldersServed: 0, visits: 0, minutesByServiceType: [:], hoursFen: 0, creditFen: 0)
            }
            for month in months {
                for plan in try await CarePlans.plans(in: month, entitlements: entitlements, in: database) {
                    let area = areas[plan.householdId] ?? "unknown"
                    var entry = row(month, area)
                    entry.eldersWithPlans += 1
                    if plan.serviceCreditFen > 0 { entry.eldersWithCredit += 1 }
                    rows["\(month)|\(area)"] = entry
                }
            }
            var served: [String: Set<String>] = [:]
            for visit in try await database.select().columns("month", "area_code", "person_id", "service_type", "minutes", "paid_from", "amount_fen")
                .from(CareVisits.table).where("month", .in, SQLBind.group(months)).all() {
                let month = try visit.decode(column: "month", as: String.self)
                let area = try visit.decode(column: "area_code", as: String.self)
                var entry = row(month, area)
                entry.visits += 1
                entry.minutesByServiceType[try visit.decode(column: "service_type", as: String.self), default: 0] += try visit.decode(column: "minutes", as: Int.self)
                let fen = try visit.decode(column: "amount_fen", as: Int.self)
                if try visit.decode(column: "paid_from", as: String.self) == CareVisitRecorded.PaidFrom.credit.rawValue {
                    entry.creditFen += fen
                } else {
                    entry.hoursFen += fen
                }
                served["\(month)|\(area)", default: []].insert(try visit.decode(column: "person_id", as: String.self))
                rows["\(month)|\(area)"] = entry
            }
            for (key, persons) in served { rows[key]?.eldersServed = persons.count }
            return (rows, try await ElderRegister.counts(in: database))
        }
        var sorted = rows.values.sorted { ($0.month, $0.areaCode) < ($1.month, $1.areaCode) }
        for index in sorted.indices { sorted[index].eldersAged85To89 = elders[sorted[index].areaCode] ?? 0 }
        var totals = Row(month: "\(from)..\(until)", areaCode: "all", eldersWithPlans: 0, eldersWithCredit: 0,
                         eldersAged85To89: elders.values.reduce(0, +), eldersServed: 0, visits: 0, minutesByServiceType: [:], hoursFen: 0, creditFen: 0)
        for entry in sorted {
            totals.visits += entry.visits
            totals.hoursFen += entry.hoursFen
            totals.creditFen += entry.creditFen
            for (type, minutes) in entry.minutesByServiceType { totals.minutesByServiceType[type, default: 0] += minutes }
        }
        // Elders are counted in the last month of the period (plans) and once however many months they were served.
        let lastMonth = months.last ?? until
        totals.eldersWithPlans = sorted.filter { $0.month == lastMonth }.reduce(0) { $0 + $1.eldersWithPlans }
        totals.eldersWithCredit = sorted.filter { $0.month == lastMonth }.reduce(0) { $0 + $1.eldersWithCredit }
        totals.eldersServed = try await database.withReadConnection { database in
            try await database.select().column(SQLRaw("COUNT(DISTINCT person_id)"), as: "n").from(CareVisits.table)
                .where("month", .in, SQLBind.group(months)).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        var satisfaction: [CallBacks.Satisfaction] = []
        for month in months { satisfaction += try await callBacks.satisfaction(month: month) }
        let centres = try await database.withReadConnection { database in
            let all = try await CareCentres.all(in: database).filter { $0.status == OrganizationRecord.Status.active.rawValue }
            return Centres(
                byStarRating: Dictionary(grouping: all, by: { String($0.starRating) }).mapValues(\.count),
                withCanteen: all.count(where: \.canteen), meals: try await CareCentres.meals(in: months, in: database))
        }
        return HomeCareReport(from: from, until: until, rows: sorted, satisfaction: satisfaction, centres: centres, totals: totals)
    }
}
