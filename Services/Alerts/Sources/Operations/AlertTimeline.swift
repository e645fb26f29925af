import CivilDomain
import Foundation
import ServiceKit
import SQLKit

/// What the operations room watches of one alert over time: when it was accepted, approved and
/// dispatched area by area; answers, needs-help, shelter check-ins and stock issued per time
/// bucket; and where things stand now (notified, delivered, sheltered).
public struct AlertTimeline: Codable, Sendable, Equatable {
    public struct Milestone: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable {
            case accepted, approved
            /// One area's dispatch ended (every recipient notified, or stopped by a Cancel or Update).
            case dispatched
            case replaced
        }

        public var at: Date
        public var kind: Kind
        public var areaCode: String?
        /// For dispatched: how many were notified in the area.
        public var count: Int?
        /// Who accepted or approved it (staff id).
        public var by: String?
    }

    public struct Bucket: Codable, Sendable, Equatable {
        public var from: Date
        public var acknowledged: Int
        public var needsHelp: Int
        public var checkIns: Int
        /// Units of relief material issued or sent to shelters for this alert.
        public var stockIssued: Int
    }

    public struct Totals: Codable, Sendable, Equatable {
        public var targeted: Int
        public var notified: Int
        public var delivered: Int
        public var acknowledged: Int
        public var needsHelp: Int
        public var stockIssued: Int
        public var shelterOccupancy: Int
        public var shelterCapacity: Int
    }

    public var alertId: String
    public var bucketMinutes: Int
    public var milestones: [Milestone]
    public var buckets: [Bucket]
    public var totals: Totals

    /// Bucket widths offered: a minute to a day.
    public static let bucketWidths = 1...1440
    /// At most this many buckets: a longer alert gets wider buckets.
    static let maxBuckets = 500

    static func make(
        for alert: StoredAlert, statuses: [AcknowledgementDesk.AreaStatus], areas: AlertAreas, bucketMinutes: Int,
        database: ServiceDatabase, now: Date = Date()
    ) async throws -> AlertTimeline {
        guard bucketWidths.contains(bucketMinutes) else {
            throw InvalidInput("bucketMinutes is 1 to 1440", fields: ["bucketMinutes": "1 to 1440"])
        }
        let start = alert.submittedAt
        return try await database.withReadConnection { database in
            var milestones = [Milestone(at: alert.submittedAt, kind: .accepted, areaCode: nil, count: nil, by: alert.submittedBy)]
            if let approvedAt = alert.approvedAt {
                milestones.append(Milestone(at: approvedAt, kind: .approved, areaCode: nil, count: nil, by: alert.approvedBy))
            }
            for progress in try await DispatchProgress.all(alertId: alert.identifier, in: database) where progress.state != .running {
                milestones.append(Milestone(at: progress.updatedAt, kind: .dispatched, areaCode: progress.areaCode, count: progress.notified, by: nil))
            }
            if let replacedBy = alert.replacedBy, let replacement = try await AlertDesk.submittedAt(of: replacedBy, in: database) {
                milestones.append(Milestone(at: replacement, kind: .replaced, areaCode: nil, count: nil, by: nil))
            }
            // Events, each with its time, then counted into buckets.
            var answers: [(Date, Bool)] = []
            for row in try await database.select().columns("received_at", "response").from(AcknowledgementDesk.table)
                .where("alert_id", .equal, alert.identifier).all() {
                answers.append((try row.decode(column: "received_at", as: Date.self), try row.decode(column: "response", as: String.self) == "needs-help"))
            }
            let stock = try await StockLedger.entries(ofAlert: alert.identifier, in: database)
                .filter { $0.movement == .issue || $0.movement == .transferIn }.map { ($0.recordedAt, abs($0.quantity)) }
            let shelters = try await database.select().columns("shelter_id", "area_code", "capacity", "occupancy").from(ShelterDesk.table).all()
                .map { (try $0.decode(column: "shelter_id", as: String.self), try $0.decode(column: "area_code", as: String.self),
                        try $0.decode(column: "capacity", as: Int.self), try $0.decode(column: "occupancy", as: Int.self)) }
                .filter { shelter in alert.areaCodes.contains { areas.isWithin(shelter.1, $0) } }
            var checkIns: [Date] = []
            if !shelters.isEmpty {
                checkIns = try await database.select().column("checked_in_at").from(ShelterDesk.occupants)
                    .where("shelter_id", .in, shelters.map(\.0)).where("checked_in_at", .greaterThanOrEqual, start).all()
                    .map { try $0.decode(column: "checked_in_at", as: Date.self) }
            }
            let last = ([now] + answers.map(\.0) + stock.map(\.0) + checkIns).max()!
            let span = max(0, last.timeIntervalSince(start))
            var width = bucketMinutes
            while span / Double(width * 60) >= Double(maxBuckets) { width *= 2 }
            let count = Int(span / Double(width * 60)) + 1
            var buckets = (0..<count).map {
                Bucket(from: start.addingTimeInterval(Double($0 * width * 60)), acknowledged: 0, needsHelp: 0, checkIns: 0, stockIssued: 0)
            }
            func index(_ date: Date) -> Int { min(count - 1, max(0, Int(date.timeIntervalSince(start) / Double(width * 60)))) }
            for (at, needsHelp) in answers {
                buckets[index(at)].acknowledged += 1
                if needsHelp { buckets[index(at)].needsHelp += 1 }
            }
            for at in checkIns { buckets[index(at)].checkIns += 1 }
            for (at, quantity) in stock { buckets[index(at)].stockIssued += quantity }
            let totals = Totals(
                targeted: statuses.reduce(0) { $0 + $1.targeted }, notified: statuses.reduce(0) { $0 + $1.notified },
                delivered: statuses.reduce(0) { $0 + $1.delivered }, acknowledged: answers.count,
                needsHelp: answers.count { $0.1 }, stockIssued: stock.reduce(0) { $0 + $1.1 },
                shelterOccupancy: shelters.reduce(0) { $0 + $1.3 }, shelterCapacity: shelters.reduce(0) { $0 + $1.2 })
            return AlertTimeline(
                alertId: alert.identifier, bucketMinutes: width, milestones: milestones.sorted { $0.at < $1.at }, buckets: buckets, totals: totals)
        }
    }
}
