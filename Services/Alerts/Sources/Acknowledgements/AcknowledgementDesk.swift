import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Answers to notifications (a resident's own, a gateway's, or an officer's on their behalf),
/// and the per-area follow-up: targeted, notified, delivered, acknowledged, and the vulnerable residents
/// still to be visited. A recipient's latest answer counts.
public struct AcknowledgementDesk: Sendable {
    static let table = "alert_acknowledgements"

    public static let migration = DatabaseMigration("alerts-acknowledgements-1") { database in
        try await database.create(table: table)
            .column("alert_id", type: .text, .notNull)
            .column("recipient_id", type: .text, .notNull)
            .column("notification_id", type: .text, .notNull)
            .column("response", type: .text, .notNull)
            .column("shelter_id", type: .text)
            .column("recorded_by", type: .text, .notNull)
            .column("received_at", type: .timestamp, .notNull)
            .primaryKey("alert_id", "recipient_id")
            .run()
    }

    /// One area of an alert, for the duty officer's board.
    public struct AreaStatus: Codable, Sendable, Equatable {
        public var areaCode: String
        public var dispatch: DispatchProgress.State?
        public var targeted: Int
        public var notified: Int
        /// SMS the gateway reports delivered to the handset (notified says only that one was sent).
        public var delivered: Int
        public var acknowledged: Int
        public var needsHelp: Int
        /// Vulnerable residents with no answer yet, or whose answer is needs-help.
        public var vulnerableToVisit: Int
        /// The readiness of the area's shelters, worst first.
        public var shelters: [ShelterReadiness.Entry] = []
    }

    /// A vulnerable resident for a door-to-door visit. Restricted (the phone): officers only.
    public struct Visit: Codable, Sendable, Equatable {
        public var personId: String
        public var householdId: String
        public var vulnerabilities: [String]
        public var phone: String?
        public var lastResponse: String?
    }

    public let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Records the answer; a needs-help answer about a resident also reports the household's need
    /// (``AssistanceNeeded``) with `need` as its category, as a `source` report.
    public func record(
        alertId: String, recipientId: String, response: NotificationAcknowledged.Response, shelterId: String?,
        notificationId: String?, need: AssistanceNeeded.Category? = nil, source: AssistanceNeeded.Source = .acknowledgement,
        by staff: StaffIdentity, now: Date = Date()
    ) async throws -> NotificationAcknowledged {
        try await database.transaction { database in
            guard let state = try await AlertDesk.state(of: alertId, in: database) else {
                throw NotFound("no alert '\(alertId)'")
            }
            guard state != .awaitingApproval else {
                throw AlertError.notIssued(alertId)
            }
            var notificationId = notificationId
            if notificationId == nil {
                notificationId = try await self.notificationId(alertId: alertId, recipientId: recipientId, in: database)
            }
            let answer = NotificationAcknowledged(
                notificationId: notificationId!, alertId: alertId, recipientId: recipientId, response: response,
                shelterId: shelterId, recordedBy: staff.staffID, receivedAt: now)
            try await database.insert(into: Self.table)
                .columns("alert_id", "recipient_id", "notification_id", "response", "shelter_id", "recorded_by", "received_at")
                .values(SQLBind(alertId), SQLBind(recipientId), SQLBind(answer.notificationId), SQLBind(response.rawValue),
                        SQLBind(shelterId), SQLBind(staff.staffID), SQLBind(now))
                .onConflict(with: ["alert_id", "recipient_id"]) {
                    $0.set(excludedValueOf: "notification_id").set(excludedValueOf: "response")
                        .set(excludedValueOf: "shelter_id").set(excludedValueOf: "recorded_by").set(excludedValueOf: "received_at")
                }
                .run()
            try await Outbox.append(answer, time: now, in: database)
            if response == .needsHelp {
                try await AssistanceNeeds.report(
                    alertId: alertId, personId: recipientId, category: need ?? .unspecified, source: source,
                    reportedBy: source == .acknowledgement ? nil : staff.staffID, now: now, in: database)
            }
            return answer
        }
    }

    /// Per area of the alert: dispatch progress and answers.
    public func status(of alert: StoredAlert) async throws -> [AreaStatus] {
        try await database.withConnection { database in
            let progress = Dictionary(uniqueKeysWithValues: try await DispatchProgress.all(alertId: alert.identifier, in: database)
                .map { ($0.areaCode, $0) })
            // Two grouped queries for all areas, however many the alert covers.
            var answered: [String: (acknowledged: Int, needsHelp: Int)] = [:]
            for row in try await database.raw("""
                SELECT r.area_code, COUNT(a.recipient_id) AS acknowledged,
                       SUM(CASE WHEN a.response = 'needs-help' THEN 1 ELSE 0 END) AS needs_help
                FROM \(ident: Self.table) a JOIN \(ident: ResidentDirectory.table) r ON r.person_id = a.recipient_id
                WHERE a.alert_id = \(bind: alert.identifier)
                GROUP BY r.area_code
                """).all() {
                answered[try row.decode(column: "area_code", as: String.self)] = (
                    try row.decode(column: "acknowledged", as: Int?.self) ?? 0, try row.decode(column: "needs_help", as: Int?.self) ?? 0)
            }
            var toVisit: [String: Int] = [:]
            for row in try await database.raw("""
                SELECT r.area_code, COUNT(*) AS to_visit
                FROM \(ident: ResidentDirectory.table) r
                LEFT JOIN \(ident: Self.table) a ON a.recipient_id = r.person_id AND a.alert_id = \(bind: alert.identifier)
                WHERE r.priority = 0 AND (a.response IS NULL OR a.response = 'needs-help')
                GROUP BY r.area_code
                """).all() {
                toVisit[try row.decode(column: "area_code", as: String.self)] = try row.decode(column: "to_visit", as: Int.self)
            }
            var delivered: [String: Int] = [:]
            for row in try await database.raw("""
                SELECT r.area_code, COUNT(*) AS delivered
                FROM \(ident: SMSLedger.table) s JOIN \(ident: ResidentDirectory.table) r ON r.person_id = s.recipient_id
                WHERE s.alert_id = \(bind: alert.identifier) AND s.status = \(bind: SMSLedger.Status.delivered.rawValue)
                GROUP BY r.area_code
                """).all() {
                delivered[try row.decode(column: "area_code", as: String.self)] = try row.decode(column: "delivered", as: Int.self)
            }
            return alert.areaCodes.map { area in
                AreaStatus(
                    areaCode: area, dispatch: progress[area]?.state, targeted: progress[area]?.targeted ?? 0,
                    notified: progress[area]?.notified ?? 0, delivered: delivered[area] ?? 0,
                    acknowledged: answered[area]?.acknowledged ?? 0,
                    needsHelp: answered[area]?.needsHelp ?? 0, vulnerableToVisit: toVisit[area] ?? 0)
            }
        }
    }

    /// The vulnerable residents of an area still to be visited for this alert.
    public func visits(alertId: String, areaCode: String, page: PageRequest = PageRequest()) async throws -> Page<Visit> {
        try await database.withReadConnection { database in
            let pending: SQLQueryString = """
                FROM \(ident: ResidentDirectory.table) r
                LEFT JOIN \(ident: Self.table) a ON a.recipient_id = r.person_id AND a.alert_id = \(bind: alertId)
                WHERE r.area_code = \(bind: areaCode) AND r.priority = 0 AND (a.response IS NULL OR a.response = 'needs-help')
                """
            let total = try await database.raw("SELECT COUNT(*) AS n " + pending).first()?.decode(column: "n", as: Int.self) ?? 0
            let visits = try await database.raw("""
                SELECT r.person_id, r.household_id, r.vulnerabilities, r.phone, a.response \(pending)
                ORDER BY r.person_id LIMIT \(literal: page.pageSize) OFFSET \(literal: page.offset)
                """).all().map { row in
                Visit(
                    personId: try row.decode(column: "person_id", as: String.self),
                    householdId: try row.decode(column: "household_id", as: String?.self) ?? "",
                    vulnerabilities: try row.decode(column: "vulnerabilities", as: String.self).split(separator: ",").map(String.init),
                    phone: try row.decode(column: "phone", as: String?.self),
                    lastResponse: try row.decode(column: "response", as: String?.self))
            }
            return Page(visits, of: page, total: total)
        }
    }

    /// The community of a resident in the directory, or nil for someone it does not know.
    public func areaCode(ofRecipient recipientId: String) async throws -> String? {
        try await database.withReadConnection { database in
            try await database.select().column("area_code").from(ResidentDirectory.table).where("person_id", .equal, recipientId)
                .first()?.decode(column: "area_code", as: String.self)
        }
    }

    /// The id of the notification the recipient was sent (their channel as the directory knows it).
    private func notificationId(alertId: String, recipientId: String, in database: any SQLDatabase) async throws -> String {
        let resident = try await database.select().column("phone").from(ResidentDirectory.table)
            .where("person_id", .equal, recipientId).first()
        // Staff (officers, shelter managers) are not in the directory and are always sent a text.
        let phone = try resident.map { try $0.decode(column: "phone", as: String?.self) }
        let channel: NotificationRequested.Channel = phone.map { $0 == nil ? .communityOfficer : .sms } ?? .sms
        return NotificationID.make(alertId: alertId, recipientId: recipientId, channel: channel)
    }
}
