import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Households the alerts service reported in need during an alert, each with the draft
/// emergency-relief application opened for it. One draft per alert and household, however often
/// and however many ways the need was reported: a second report adds its category. The draft is
/// opened by no one (``opener``); the caseworker who submits it becomes its submitter, so the
/// usual four-eyes decision follows and nothing is paid without a caseworker and an approver.
public struct AssistanceNeedDrafts: Sendable {
    /// The `submittedBy` of a draft no caseworker has taken yet.
    public static let opener = "alerts-service"
    static let table = "assistance_needs"

    public static let migration = DatabaseMigration("registration-assistance-needs-1") { database in
        try await database.create(table: table)
            .column("alert_id", type: .text, .notNull)
            .column("household_id", type: .text, .notNull)
            .column("application_id", type: .text, .notNull, .references("applications", "id"))
            .column("area_code", type: .text, .notNull)
            .column("categories", type: .text, .notNull)
            .column("reports", type: .int, .notNull)
            .column("first_reported_at", type: .timestamp, .notNull)
            .column("last_reported_at", type: .timestamp, .notNull)
            .primaryKey("alert_id", "household_id")
            .run()
        try await database.create(index: "assistance_needs_area").on(table).column("area_code").column("alert_id").run()
    }

    /// A household in need, for the caseworkers' list.
    public struct Need: Codable, Sendable, Equatable {
        public var alertId: String
        public var householdId: String
        public var areaCode: String
        public var categories: [AssistanceNeeded.Category]
        public var reports: Int
        public var firstReportedAt: Date
        public var lastReportedAt: Date
        public var applicationId: String
        public var applicationStatus: BenefitApplication.Status
    }

    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Applies one reported need inside the inbox's transaction.
    /// - Throws: ``PermanentEventError`` when the household is not registered (dead-lettered with the reason).
    static func apply(_ need: AssistanceNeeded, in database: any SQLDatabase) async throws {
        // Locks the household, so two reports of one household (on one partition, but replayed) never race.
        guard try await database.select().column("id").from("households").where("id", .equal, SQLBind(need.householdId))
            .for(.update).first() != nil
        else { throw PermanentEventError("household \(need.householdId) is not registered") }
        if let existing = try await database.select().columns("categories", "reports").from(table)
            .where("alert_id", .equal, SQLBind(need.alertId)).where("household_id", .equal, SQLBind(need.householdId)).first() {
            var categories = Set(try existing.decode(column: "categories", as: String.self).split(separator: ",").map(String.init))
            categories.insert(need.category.rawValue)
            try await database.update(table)
                .set("categories", to: SQLBind(categories.sorted().joined(separator: ",")))
                .set("reports", to: SQLBind(try existing.decode(column: "reports", as: Int.self) + 1))
                .set("last_reported_at", to: SQLBind(need.reportedAt))
                .where("alert_id", .equal, SQLBind(need.alertId)).where("household_id", .equal, SQLBind(need.householdId)).run()
            return
        }
        let beneficiary = try await beneficiary(of: need, in: database)
        let id = Register.newID("A")
        try await database.insert(into: "applications")
            .columns("id", "household_id", "beneficiary_resident_id", "person_id", "program", "status", "submitted_by",
                     "submitted_at", "updated_at")
            .values(SQLBind(id), SQLBind(need.householdId), SQLBind(beneficiary.residentId), SQLBind(beneficiary.personId),
                    SQLBind(BenefitProgram.emergencyRelief.rawValue), SQLBind(BenefitApplication.Status.draft.rawValue),
                    SQLBind(opener), SQLBind(need.reportedAt), SQLBind(need.reportedAt))
            .run()
        try await database.insert(into: table)
            .columns("alert_id", "household_id", "application_id", "area_code", "categories", "reports", "first_reported_at",
                     "last_reported_at")
            .values(SQLBind(need.alertId), SQLBind(need.householdId), SQLBind(id), SQLBind(need.areaCode),
                    SQLBind(need.category.rawValue), SQLBind(1), SQLBind(need.reportedAt), SQLBind(need.reportedAt))
            .run()
    }

    /// The person reported, if still a member; otherwise the household's head (or first member).
    private static func beneficiary(of need: AssistanceNeeded, in database: any SQLDatabase) async throws -> (residentId: String, personId: String) {
        let members = try await database.select().columns("id", "person_id", "relationship").from("residents")
            .where("household_id", .equal, SQLBind(need.householdId)).orderBy("registered_at").all()
            .map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "person_id", as: String.self),
                    try $0.decode(column: "relationship", as: String.self)) }
        guard let chosen = members.first(where: { $0.1 == need.personId }) ?? members.first(where: { $0.2 == "head" }) ?? members.first
        else { throw PermanentEventError("household \(need.householdId) has no members") }
        return (chosen.0, chosen.1)
    }

    /// The households in need, newest report first, optionally of one alert and one area (a
    /// street's code lists its communities').
    public func needs(alertId: String?, areaCode: String?, page: PageRequest) async throws -> Page<Need> {
        try await database.withReadConnection { database in
            func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                var select = select.from(SQLAlias(SQLIdentifier(Self.table), as: SQLIdentifier("n")))
                    .join(SQLAlias(SQLIdentifier("applications"), as: SQLIdentifier("a")), on: SQLColumn("id", table: "a"), .equal, SQLColumn("application_id", table: "n"))
                if let alertId { select = select.where(SQLColumn("alert_id", table: "n"), .equal, SQLBind(alertId)) }
                if let areaCode { select = select.where(SQLColumn("area_code", table: "n"), .like, SQLBind(areaCode + "%")) }
                return select
            }
            let total = try await filtered(database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total"))
                .first()?.decode(column: "total", as: Int.self) ?? 0
            let rows = try await filtered(database.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("n")))
                .column(SQLColumn("status", table: "a"), as: "application_status"))
                .orderBy(SQLOrderBy(expression: SQLColumn("last_reported_at", table: "n"), direction: SQLDirection.descending))
                .orderBy(SQLOrderBy(expression: SQLColumn("household_id", table: "n"), direction: SQLDirection.ascending))
                .limit(page.pageSize).offset(page.offset).all()
            return Page(try rows.map { row in
                Need(
                    alertId: try row.decode(column: "alert_id", as: String.self),
                    householdId: try row.decode(column: "household_id", as: String.self),
                    areaCode: try row.decode(column: "area_code", as: String.self),
                    categories: try row.decode(column: "categories", as: String.self).split(separator: ",")
                        .compactMap { AssistanceNeeded.Category(rawValue: String($0)) },
                    reports: try row.decode(column: "reports", as: Int.self),
                    firstReportedAt: try row.decode(column: "first_reported_at", as: Date.self),
                    lastReportedAt: try row.decode(column: "last_reported_at", as: Date.self),
                    applicationId: try row.decode(column: "application_id", as: String.self),
                    applicationStatus: BenefitApplication.Status(rawValue: try row.decode(column: "application_status", as: String.self)) ?? .draft)
            }, of: page, total: total)
        }
    }
}
