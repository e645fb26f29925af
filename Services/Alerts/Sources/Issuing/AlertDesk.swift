import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The duty officers' desk: accepts CAP alerts, holds the severe ones for a second officer, and
/// issues them: the alert event and one dispatch record per community through the outbox, so
/// an accepted alert is dispatched even if the broker is away or the process dies.
public struct AlertDesk: Sendable {
    static let table = "alerts"

    public static let migration = DatabaseMigration("alerts-alerts-1") { database in
        try await database.create(table: table)
            .column("identifier", type: .text, .primaryKey(autoIncrement: false))
            .column("sender", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("msg_type", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("area_codes", type: .text, .notNull)
            .column("submitted_by", type: .text, .notNull)
            .column("submitted_at", type: .timestamp, .notNull)
            .column("approved_by", type: .text)
            .column("approved_at", type: .timestamp)
            .column("replaced_by", type: .text)
            .column("cap", type: .text, .notNull)
            .run()
    }

    public let database: ServiceDatabase
    public let areas: AlertAreas
    /// Severities of Actual alerts that need a second officer (default Extreme and Severe).
    public let approvalSeverities: Set<String>

    public init(database: ServiceDatabase, areas: AlertAreas, approvalSeverities: Set<String> = ["Extreme", "Severe"]) {
        self.database = database
        self.areas = areas
        self.approvalSeverities = approvalSeverities
    }

    /// Validates and stores an alert; issues it at once unless it needs approval. Submitting the
    /// same message again returns the stored alert; a different message under a used identifier
    /// is refused.
    public func submit(_ cap: CAPAlert, by staff: StaffIdentity, now: Date = Date()) async throws -> StoredAlert {
        try CAPValidator.validate(cap)
        AuditTrail.name(cap.identifier)
        return try await database.transaction { database in
            if let existing = try await load(cap.identifier, in: database) {
                guard existing.cap == cap else {
                    throw AlertError.duplicateIdentifier(cap.identifier)
                }
                return existing
            }
            let referenced = try await referencedAlerts(cap, in: database)
            let areaCodes = try targets(of: cap, referenced: referenced)
            var alert = StoredAlert(
                identifier: cap.identifier, state: .awaitingApproval, areaCodes: areaCodes, submittedBy: staff.staffID,
                submittedAt: now, cap: cap)
            if !needsApproval(cap, referenced: referenced) { alert.state = .issued }
            try await insert(alert, in: database)
            if alert.state == .issued { try await issue(alert, referenced: referenced, now: now, in: database) }
            return alert
        }
    }

    /// An Actual Alert or Update of a configured severity needs a second officer, and so does an
    /// Actual Update or Cancel of an alert that a second officer approved: otherwise one officer
    /// alone could cancel an Extreme alert, or replace it with a Minor one.
    func needsApproval(_ cap: CAPAlert, referenced: [StoredAlert]) -> Bool {
        guard cap.statusValue == .actual else { return false }
        switch cap.messageType {
        case .alert?:
            return (cap.info ?? []).contains { approvalSeverities.contains($0.severity) }
        case .update?:
            return (cap.info ?? []).contains { approvalSeverities.contains($0.severity) } || referenced.contains { $0.approvedBy != nil }
        case .cancel?:
            return referenced.contains { $0.approvedBy != nil }
        default:
            return false
        }
    }

    /// Whether issuing `cap` would wait for a second duty officer: the typhoon room says so before
    /// the officer issues it.
    public func needsApproval(_ cap: CAPAlert) async throws -> Bool {
        let referenced = try await database.withConnection { try await referencedAlerts(cap, in: $0) }
        return needsApproval(cap, referenced: referenced)
    }

    /// A second duty officer approves a held alert, which is then issued.
    public func approve(_ identifier: String, by staff: StaffIdentity, now: Date = Date()) async throws -> StoredAlert {
        try await database.transaction { database in
            guard var alert = try await load(identifier, in: database) else { throw NotFound("no alert '\(identifier)'") }
            guard alert.state == .awaitingApproval else {
                throw AlertError.notAwaitingApproval(identifier, state: alert.state)
            }
            try FourEyes.check(submittedBy: alert.submittedBy, decidedBy: staff, what: "alert")
            alert.state = .issued
            alert.approvedBy = staff.staffID
            alert.approvedAt = now
            try await database.update(Self.table)
                .set("state", to: alert.state.rawValue).set("approved_by", to: staff.staffID).set("approved_at", to: now)
                .where("identifier", .equal, identifier).run()
            try await issue(alert, referenced: try await referencedAlerts(alert.cap, in: database), now: now, in: database)
            return alert
        }
    }

    /// The stored alerts that `cap`'s references name, each from the sender it names.
    /// - Throws: ``CAPError`` on `alert/references` for a reference to an alert not known here.
    private func referencedAlerts(_ cap: CAPAlert, in database: any SQLDatabase) async throws -> [StoredAlert] {
        var referenced: [StoredAlert] = []
        for reference in try cap.references.map(CAPValidator.parseReferences) ?? [] {
            guard let alert = try await load(reference.identifier, in: database), alert.cap.sender == reference.sender else {
                throw CAPError(element: "alert/references", rule: "names '\(reference.identifier)' from '\(reference.sender)', which is not a known alert")
            }
            referenced.append(alert)
        }
        return referenced
    }

    public func alert(_ identifier: String) async throws -> StoredAlert {
        guard let alert = try await database.withConnection({ try await load(identifier, in: $0) }) else {
            throw NotFound("no alert '\(identifier)'")
        }
        return alert
    }

    /// The alert that cancelled or superseded `alert`, if one did.
    public func replacement(of alert: StoredAlert) async throws -> StoredAlert? {
        guard let replacedBy = alert.replacedBy else { return nil }
        return try await database.withConnection { try await load(replacedBy, in: $0) }
    }

    /// The newest issued Actual alerts, for the public feed to choose from.
    public func issuedActual(limit: Int = 500) async throws -> [StoredAlert] {
        try await database.withReadConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("status", .equal, "Actual").where("state", .equal, StoredAlert.State.issued.rawValue)
                .orderBy("submitted_at", .descending).limit(limit).all()
                .map(Self.alert(from:))
        }
    }

    /// The newest alerts first.
    /// Alerts newest first, a page at a time; only those in `state` when it is given (the
    /// second duty officer's queue is `awaitingApproval`).
    public func alerts(in state: StoredAlert.State? = nil, page: PageRequest) async throws -> Page<StoredAlert> {
        try await database.withReadConnection { database in
            var count = database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(Self.table)
            var select = database.select().column("*").from(Self.table)
            if let state {
                count = count.where("state", .equal, SQLBind(state.rawValue))
                select = select.where("state", .equal, SQLBind(state.rawValue))
            }
            let total = try await count.first()?.decode(column: "n", as: Int.self) ?? 0
            let items = try await select.orderBy("submitted_at", .descending).orderBy("identifier")
                .limit(page.pageSize).offset(page.offset).all().map(Self.alert(from:))
            return Page(items, of: page, total: total)
        }
    }

    public func recent(limit: Int = 100) async throws -> [StoredAlert] {
        try await database.withConnection { database in
            try await database.select().column("*").from(Self.table).orderBy("submitted_at", .descending).limit(limit).all()
                .map(Self.alert(from:))
        }
    }

    /// The communities an alert reaches: for an Alert or Update those its areas cover; for a
    /// Cancel those of the alerts it cancels. Ack and Error reach nobody.
    private func targets(of cap: CAPAlert, referenced: [StoredAlert]) throws(CAPError) -> [String] {
        switch cap.messageType {
        case .alert?, .update?:
            let covered = areas.covered(by: (cap.info ?? []).flatMap { $0.area ?? [] })
            if covered.isEmpty {
                throw CAPError(element: "alert/info/area", rule: "covers no community of the district (geocode, polygon or circle)")
            }
            return covered
        case .cancel?:
            return Array(Set(referenced.flatMap(\.areaCodes))).sorted()
        default:
            return []
        }
    }

    /// Marks what the alert replaces, and queues its event and its per-community dispatch work.
    private func issue(_ alert: StoredAlert, referenced: [StoredAlert], now: Date, in database: any SQLDatabase) async throws {
        let replacedState: StoredAlert.State? = switch alert.cap.messageType {
        case .update?: .superseded
        case .cancel?: .cancelled
        default: nil
        }
        if let replacedState, !referenced.isEmpty {
            try await database.update(Self.table)
                .set("state", to: replacedState.rawValue).set("replaced_by", to: alert.identifier)
                .where("identifier", .in, referenced.map(\.identifier)).run()
        }
        let cap = alert.cap
        let event = AlertIssued(
            alertId: cap.identifier, sender: cap.sender, sent: CAPTime.parse(cap.sent) ?? now, status: cap.status,
            msgType: cap.msgType, event: cap.info?.first?.event ?? cap.msgType, severity: alert.severity,
            urgency: cap.info?.first?.urgency ?? "Unknown", certainty: cap.info?.first?.certainty ?? "Unknown",
            areaCodes: alert.areaCodes, references: referenced.isEmpty ? nil : referenced.map(\.identifier),
            expires: cap.info?.first?.expires.flatMap(CAPTime.parse), approvedBy: alert.approvedBy, issuedBy: alert.submittedBy)
        try await Outbox.append(event, id: "alert-\(cap.identifier)", time: now, in: database)
        // Drafts and System messages are kept and published, but reach nobody.
        let dispatched = cap.statusValue?.reachesPeople == true ? alert.areaCodes : []
        let dispatches = dispatched.map { area in
            (event: AreaDispatch(
                alertId: cap.identifier, areaCode: area, status: cap.status, severity: alert.severity,
                headline: alert.headline, requestedAt: now, msgType: cap.messageType == .alert ? nil : cap.msgType,
                cancels: cap.messageType == .cancel ? referenced.map(\.identifier) : nil),
             id: "dispatch-\(cap.identifier)-\(area)")
        }
        if !dispatches.isEmpty { try await Outbox.append(contentsOf: dispatches, time: now, in: database) }
    }

    private func insert(_ alert: StoredAlert, in database: any SQLDatabase) async throws {
        let cap = String(decoding: try CivilEventCoding.encoder.encode(alert.cap), as: UTF8.self)
        try await database.insert(into: Self.table)
            .columns("identifier", "sender", "status", "msg_type", "state", "area_codes", "submitted_by", "submitted_at", "cap")
            .values(
                SQLBind(alert.identifier), SQLBind(alert.cap.sender), SQLBind(alert.cap.status), SQLBind(alert.cap.msgType),
                SQLBind(alert.state.rawValue), SQLBind(alert.areaCodes.joined(separator: ",")), SQLBind(alert.submittedBy),
                SQLBind(alert.submittedAt), SQLBind(cap))
            .run()
    }

    func load(_ identifier: String, in database: any SQLDatabase) async throws -> StoredAlert? {
        try await database.select().column("*").from(Self.table).where("identifier", .equal, identifier).first()
            .map(Self.alert(from:))
    }

    /// The state of an alert, for dispatch workers deciding whether to go on.
    public static func state(of identifier: String, in database: any SQLDatabase) async throws -> StoredAlert.State? {
        try await database.select().column("state").from(table).where("identifier", .equal, identifier).first()
            .map { StoredAlert.State(rawValue: try $0.decode(column: "state", as: String.self)) ?? .issued }
    }

    /// When an alert was accepted, for the timeline of the alert it replaced.
    static func submittedAt(of identifier: String, in database: any SQLDatabase) async throws -> Date? {
        try await database.select().column("submitted_at").from(table).where("identifier", .equal, identifier).first()
            .map { try $0.decode(column: "submitted_at", as: Date.self) }
    }

    private static func alert(from row: any SQLRow) throws -> StoredAlert {
        let cap = try CivilEventCoding.decoder.decode(CAPAlert.self, from: Data(try row.decode(column: "cap", as: String.self).utf8))
        return StoredAlert(
            identifier: try row.decode(column: "identifier", as: String.self),
            state: StoredAlert.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .issued,
            areaCodes: try row.decode(column: "area_codes", as: String.self).split(separator: ",").map(String.init),
            submittedBy: try row.decode(column: "submitted_by", as: String.self),
            submittedAt: try row.decode(column: "submitted_at", as: Date.self),
            approvedBy: try row.decode(column: "approved_by", as: String?.self),
            approvedAt: try row.decode(column: "approved_at", as: Date?.self),
            replacedBy: try row.decode(column: "replaced_by", as: String?.self), cap: cap)
    }
}
