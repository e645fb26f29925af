import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Who lives where and how to reach them, kept from registration's person topic (area,
/// vulnerabilities) and contact topic (phone). Names are not kept: a notification does not
/// need one. A person tombstone removes the resident; a contact tombstone removes the phone.
public struct ResidentDirectory: Sendable {
    static let table = "alert_residents"

    public static let migration = DatabaseMigration("alerts-residents-1") { database in
        try await database.create(table: table)
            .column("person_id", type: .text, .primaryKey(autoIncrement: false))
            .column("household_id", type: .text)
            .column("area_code", type: .text)
            .column("priority", type: .int, .notNull)
            .column("vulnerabilities", type: .text, .notNull)
            .column("phone", type: .text)
            .column("updated_at", type: .timestamp, .notNull)
            .run()
        try await database.create(index: "alert_residents_by_area").on(table)
            .column("area_code").column("priority").column("person_id").run()
    }

    /// The area index also holds every column a dispatch reads, so that walking an area's
    /// recipients in notification order reads the index alone: the table lookup per recipient
    /// was a third of the dispatch worker's database time.
    public static let coveringIndexMigration = DatabaseMigration("alerts-residents-2") { database in
        try await database.create(index: "alert_residents_dispatch_order").on(table)
            .column("area_code").column("priority").column("person_id")
            .column("household_id").column("vulnerabilities").column("phone").run()
        try await database.drop(index: "alert_residents_by_area").run()
    }

    /// Vulnerabilities that put a resident first in line. Residents in institutional care are
    /// looked after by the institution and are not among them by that alone.
    public static let firstInLine: Set<Vulnerability> = [
        .aged80Plus, .aged85To89, .livingAlone, .disability, .leftBehindChild, .childInDifficulty, .dibaoHousehold,
    ]

    public init() {}

    public static func priority(of vulnerabilities: [Vulnerability]) -> Int {
        vulnerabilities.contains(where: firstInLine.contains) ? 0 : 1
    }

    func apply(_ person: PersonSnapshot, in database: any SQLDatabase) async throws {
        try await database.insert(into: Self.table)
            .columns("person_id", "household_id", "area_code", "priority", "vulnerabilities", "updated_at")
            .values(
                SQLBind(person.personId), SQLBind(person.householdId), SQLBind(person.areaCode),
                SQLBind(Self.priority(of: person.vulnerabilities)),
                SQLBind(person.vulnerabilities.map(\.rawValue).joined(separator: ",")), SQLBind(person.updatedAt))
            .onConflict(with: ["person_id"]) {
                $0.set(excludedValueOf: "household_id").set(excludedValueOf: "area_code").set(excludedValueOf: "priority")
                    .set(excludedValueOf: "vulnerabilities").set(excludedValueOf: "updated_at")
            }
            .run()
    }

    /// A contact may arrive before its person: the row waits without an area, and is not a
    /// recipient until the person snapshot gives it one.
    func apply(_ contact: PersonContact, in database: any SQLDatabase) async throws {
        try await database.insert(into: Self.table)
            .columns("person_id", "priority", "vulnerabilities", "phone", "updated_at")
            .values(SQLBind(contact.personId), SQLBind(1), SQLBind(""), SQLBind(contact.phone), SQLBind(contact.updatedAt))
            .onConflict(with: ["person_id"]) { $0.set(excludedValueOf: "phone") }
            .run()
    }

    func removePerson(_ personId: String, in database: any SQLDatabase) async throws {
        try await database.delete(from: Self.table).where("person_id", .equal, personId).run()
    }

    func removeContact(_ personId: String, in database: any SQLDatabase) async throws {
        try await database.update(Self.table).set("phone", to: SQLLiteral.null).where("person_id", .equal, personId).run()
    }

    /// The next residents of an area in notification order (vulnerable first, then by person),
    /// after the one a previous batch stopped at.
    public func recipients(
        in areaCode: String, after cursor: DispatchCursor?, limit: Int, in database: any SQLDatabase
    ) async throws -> [Recipient] {
        var query = database.select()
            .columns("person_id", "priority", "phone")
            .from(Self.table)
            .where("area_code", .equal, areaCode)
        if let cursor {
            // A row-value comparison, which SQLite and PostgreSQL both answer by seeking in the
            // area's index: the equivalent `priority > ? OR (priority = ? AND person_id > ?)`
            // made SQLite scan the area from its start for every batch, so a community of
            // 20,000 walked 110,000 index entries in batches of 2,000 instead of 20,000.
            query = query.where(SQLBinaryExpression(
                SQLGroupExpression([SQLColumn("priority"), SQLColumn("person_id")]), .greaterThan,
                SQLGroupExpression([SQLBind(cursor.priority), SQLBind(cursor.personId)])))
        }
        // Decoded as each row arrives rather than through `all()`, which keeps every row (its
        // values and an existential box) until the last: the worker then freed a few hundred
        // kilobytes per batch at once, and glibc consolidated its free lists each time (perf).
        // The rows arrive one after another, on the connection's thread.
        nonisolated(unsafe) var recipients: [Recipient] = []
        nonisolated(unsafe) var failure: (any Error)?
        recipients.reserveCapacity(max(0, limit))
        try await query.orderBy("priority").orderBy("person_id").limit(limit).run { row in
            guard failure == nil else { return }
            do {
                recipients.append(try Recipient(
                    personId: row.decode(column: "person_id", as: String.self),
                    priority: row.decode(column: "priority", as: Int.self),
                    // Not `String?.self`: forming that type for every row was 2% of a fan-out (perf).
                    phone: row.decodeNil(column: "phone") ? nil : row.decode(column: "phone", as: String.self)))
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return recipients
    }

    /// How many residents an area has now.
    public func count(in areaCode: String, in database: any SQLDatabase) async throws -> Int {
        let row = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(Self.table).where("area_code", .equal, areaCode).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}

/// Where a dispatch stopped within an area: the last recipient notified, in notification order.
public struct DispatchCursor: Sendable, Equatable, Codable {
    public let priority: Int
    public let personId: String

    public init(priority: Int, personId: String) {
        self.priority = priority
        self.personId = personId
    }
}
