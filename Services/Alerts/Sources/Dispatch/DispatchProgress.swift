import Foundation
import ServiceKit
import SQLKit

/// How far one alert's dispatch has got in one community: residents targeted and notified, the
/// last one notified (so a worker that takes over resumes there, and a Cancel knows whom to
/// tell), and whether it is still running. Kept per (alert, area) in the shared database.
public struct DispatchProgress: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable {
        case running
        case finished
        /// The alert was cancelled or superseded before every resident was notified.
        case stopped
    }

    public var alertId: String
    public var areaCode: String
    public var targeted: Int
    public var notified: Int
    public var state: State
    /// True for Test and Exercise alerts: counted apart from real ones; a Test is never sent, an Exercise only to officers.
    public var exercise: Bool
    public var cursor: DispatchCursor?
    public var updatedAt: Date

    static let table = "alert_dispatches"

    public static let migration = DatabaseMigration("alerts-dispatches-1") { database in
        try await database.create(table: table)
            .column("alert_id", type: .text, .notNull)
            .column("area_code", type: .text, .notNull)
            .column("targeted", type: .int, .notNull)
            .column("notified", type: .int, .notNull)
            .column("state", type: .text, .notNull)
            .column("exercise", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .column("cursor_priority", type: .int)
            .column("cursor_person", type: .text)
            .column("updated_at", type: .timestamp, .notNull)
            .primaryKey("alert_id", "area_code")
            .run()
    }

    static func load(alertId: String, areaCode: String, in database: any SQLDatabase) async throws -> DispatchProgress? {
        try await database.select().column("*").from(table)
            .where("alert_id", .equal, alertId).where("area_code", .equal, areaCode).first().map(Self.init(row:))
    }

    /// Every area of an alert, for the follow-up report.
    public static func all(alertId: String, in database: any SQLDatabase) async throws -> [DispatchProgress] {
        try await database.select().column("*").from(table).where("alert_id", .equal, alertId).orderBy("area_code").all()
            .map(Self.init(row:))
    }

    /// Starts the row, or returns the one a previous attempt left.
    static func start(
        alertId: String, areaCode: String, targeted: Int, exercise: Bool, now: Date, in database: any SQLDatabase
    ) async throws -> DispatchProgress {
        if let existing = try await load(alertId: alertId, areaCode: areaCode, in: database) { return existing }
        let progress = DispatchProgress(
            alertId: alertId, areaCode: areaCode, targeted: targeted, notified: 0, state: .running, exercise: exercise,
            cursor: nil, updatedAt: now)
        try await database.insert(into: table)
            .columns("alert_id", "area_code", "targeted", "notified", "state", "exercise", "updated_at")
            .values(SQLBind(alertId), SQLBind(areaCode), SQLBind(targeted), SQLBind(0), SQLBind(State.running.rawValue),
                    SQLBind(exercise), SQLBind(now))
            .ignoringConflicts(with: ["alert_id", "area_code"])
            .run()
        return try await load(alertId: alertId, areaCode: areaCode, in: database) ?? progress
    }

    func save(in database: any SQLDatabase) async throws {
        try await database.update(Self.table)
            .set("notified", to: notified).set("state", to: state.rawValue)
            .set("cursor_priority", to: SQLBind(cursor?.priority)).set("cursor_person", to: SQLBind(cursor?.personId))
            .set("updated_at", to: updatedAt)
            .where("alert_id", .equal, alertId).where("area_code", .equal, areaCode).run()
    }

    private init(row: any SQLRow) throws {
        alertId = try row.decode(column: "alert_id", as: String.self)
        areaCode = try row.decode(column: "area_code", as: String.self)
        targeted = try row.decode(column: "targeted", as: Int.self)
        notified = try row.decode(column: "notified", as: Int.self)
        state = State(rawValue: try row.decode(column: "state", as: String.self)) ?? .running
        exercise = try row.decode(column: "exercise", as: Bool.self)
        let priority = try row.decode(column: "cursor_priority", as: Int?.self)
        let person = try row.decode(column: "cursor_person", as: String?.self)
        cursor = priority.flatMap { priority in person.map { DispatchCursor(priority: priority, personId: $0) } }
        updatedAt = try row.decode(column: "updated_at", as: Date.self)
    }

    init(alertId: String, areaCode: String, targeted: Int, notified: Int, state: State, exercise: Bool,
         cursor: DispatchCursor?, updatedAt: Date) {
        self.alertId = alertId
        self.areaCode = areaCode
        self.targeted = targeted
        self.notified = notified
        self.state = state
        self.exercise = exercise
        self.cursor = cursor
        self.updatedAt = updatedAt
    }
}
