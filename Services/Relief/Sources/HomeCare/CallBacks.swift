import CivilDomain
import Contracts
import Crypto
import Foundation
import ServiceKit
import SQLKit

/// Satisfaction call-backs by the citizens' supervision group: each month a share of every
/// provider's visits is drawn (the same visits however often the draw is run: by a hash of the
/// visit and month), staff record the outcome, and a visit disputed on call-back is held from
/// settlement. The complaint's words stay here; the topics carry only the visit's status.
public struct CallBacks: Sendable {
    static let table = "care_callbacks"

    static let migration = DatabaseMigration("relief-care-callbacks-1") { database in
        try await database.create(table: table)
            .column("visit_id", type: .text, .primaryKey(autoIncrement: false))
            .column("provider_id", type: .text, .notNull)
            .column("month", type: .text, .notNull)
            .column("drawn_at", type: .timestamp, .notNull)
            .column("reached", type: .custom(SQLRaw("BOOLEAN")))
            .column("satisfaction", type: .int)
            .column("complaint", type: .text)
            .column("disputed", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .column("recorded_by", type: .text)
            .column("recorded_at", type: .timestamp)
            .run()
        try await database.create(index: "care_callbacks_provider_month").on(table).column("provider_id").column("month").run()
    }

    /// One drawn visit and, once called, its outcome.
    public struct CallBack: Codable, Sendable, Equatable {
        public var visitId: String
        public var providerId: String
        public var month: String
        public var reached: Bool?
        /// 1 (very dissatisfied) to 5 (very satisfied).
        public var satisfaction: Int?
        /// Internal: never on a topic.
        public var complaint: String?
        public var disputed: Bool
        public var recordedBy: String?
    }

    /// What the caller records.
    public struct Outcome: Codable, Sendable, Equatable {
        public var reached: Bool
        public var satisfaction: Int?
        public var complaint: String?
        public var disputed: Bool

        public init(reached: Bool, satisfaction: Int? = nil, complaint: String? = nil, disputed: Bool = false) {
            self.reached = reached
            self.satisfaction = satisfaction
            self.complaint = complaint
            self.disputed = disputed
        }
    }

    /// A provider's satisfaction in a month: satisfied (4 or 5) among those reached.
    public struct Satisfaction: Codable, Sendable, Equatable {
        public var providerId: String
        public var month: String
        public var drawn: Int
        public var reached: Int
        public var satisfied: Int
        /// Satisfied per thousand reached; nil before anyone is reached.
        public var ratePerMille: Int?
        public var disputed: Int
    }

    let database: ServiceDatabase
    /// Percent of each provider's visits drawn per month.
    let sharePercent: Int

    public init(database: ServiceDatabase, sharePercent: Int = 10) {
        self.database = database
        self.sharePercent = sharePercent
    }

    /// Draws the month's call-backs: for each provider, `sharePercent` of its visits (at least
    /// one), the same ones on every run; visits recorded since a first draw may be added.
    public func draw(month: String, now: Date = Date()) async throws -> [CallBack] {
        guard Month.isMonth(month) else { throw InvalidInput("month must be YYYY-MM", fields: ["month": "YYYY-MM"]) }
        try await database.transaction { database in
            var byProvider: [String: [String]] = [:]
            for row in try await database.select().columns("visit_id", "provider_id").from(CareVisits.table)
                .where("month", .equal, SQLBind(month)).all() {
                byProvider[try row.decode(column: "provider_id", as: String.self), default: []].append(try row.decode(column: "visit_id", as: String.self))
            }
            for (provider, visits) in byProvider {
                let count = max(1, (visits.count * sharePercent + 99) / 100)
                let drawn = visits.sorted { Self.rank($0, month) < Self.rank($1, month) }.prefix(count)
                for visit in drawn {
                    try await database.insert(into: Self.table).columns("visit_id", "provider_id", "month", "drawn_at", "disputed")
                        .values(SQLBind(visit), SQLBind(provider), SQLBind(month), SQLBind(now), SQLBind(false))
                        .ignoringConflicts(with: ["visit_id"]).run()
                }
            }
        }
        return try await callBacks(month: month)
    }

    /// Records a call's outcome; disputing holds the visit from settlement.
    public func record(_ outcome: Outcome, visitId: String, by staff: StaffIdentity, now: Date = Date()) async throws -> CallBack {
        if outcome.reached {
            guard let score = outcome.satisfaction, (1...5).contains(score) else {
                throw InvalidInput("satisfaction is 1 to 5 when the elder was reached", fields: ["satisfaction": "1 to 5"])
            }
        } else if outcome.satisfaction != nil || outcome.disputed {
            throw InvalidInput("an elder not reached gives no satisfaction and disputes nothing", fields: ["reached": "false"])
        }
        if let complaint = outcome.complaint, !FreeText.isText(complaint, maxLength: 2000) {
            throw InvalidInput("complaint is 1 to 2000 characters", fields: ["complaint": "1 to 2000 characters"])
        }
        try await database.transaction { database in
            let changed = try await database.update(Self.table)
                .set("reached", to: SQLBind(outcome.reached)).set("satisfaction", to: SQLBind(outcome.satisfaction))
                .set("complaint", to: SQLBind(outcome.complaint)).set("disputed", to: SQLBind(outcome.disputed))
                .set("recorded_by", to: SQLBind(staff.staffID)).set("recorded_at", to: SQLBind(now))
                .where("visit_id", .equal, SQLBind(visitId)).returning("visit_id").all()
            guard !changed.isEmpty else { throw CareError.notDrawn(visitId) }
            let status: CareVisitRecorded.Status = outcome.disputed ? .disputed : .recorded
            let moved = try await database.update(CareVisits.table).set("status", to: SQLBind(status.rawValue))
                .where("visit_id", .equal, SQLBind(visitId)).where("status", .notEqual, SQLBind(status.rawValue)).returning("visit_id").all()
            if !moved.isEmpty, let row = try await database.select().column("*").from(CareVisits.table)
                .where("visit_id", .equal, SQLBind(visitId)).first() {
                try await Outbox.append(try CareVisits.visit(from: row), time: now, in: database)
            }
        }
        guard let callBack = try await callBacks(month: nil, visitId: visitId).first else { throw CareError.notDrawn(visitId) }
        return callBack
    }

    public func callBacks(month: String?, visitId: String? = nil) async throws -> [CallBack] {
        try await database.withConnection { database in
            var select = database.select().column("*").from(Self.table)
            if let month { select = select.where("month", .equal, SQLBind(month)) }
            if let visitId { select = select.where("visit_id", .equal, SQLBind(visitId)) }
            return try await select.orderBy("provider_id").orderBy("visit_id").all().map { row in
                CallBack(
                    visitId: try row.decode(column: "visit_id", as: String.self), providerId: try row.decode(column: "provider_id", as: String.self),
                    month: try row.decode(column: "month", as: String.self), reached: try row.decode(column: "reached", as: Bool?.self),
                    satisfaction: try row.decode(column: "satisfaction", as: Int?.self), complaint: try row.decode(column: "complaint", as: String?.self),
                    disputed: try row.decode(column: "disputed", as: Bool.self), recordedBy: try row.decode(column: "recorded_by", as: String?.self))
            }
        }
    }

    /// Satisfaction per provider in a month.
    public func satisfaction(month: String) async throws -> [Satisfaction] {
        Dictionary(grouping: try await callBacks(month: month), by: \.providerId).map { provider, calls in
            let reached = calls.filter { $0.reached == true }
            let satisfied = reached.count { ($0.satisfaction ?? 0) >= 4 }
            return Satisfaction(
                providerId: provider, month: month, drawn: calls.count, reached: reached.count, satisfied: satisfied,
                ratePerMille: reached.isEmpty ? nil : satisfied * 1000 / reached.count, disputed: calls.count(where: \.disputed))
        }.sorted { $0.providerId < $1.providerId }
    }

    private static func rank(_ visitId: String, _ month: String) -> String {
        SHA256.hash(data: Data("\(month)\n\(visitId)".utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
