import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Relief-material stock: stores, batches and the append-only ledger of every movement. Stock on
/// hand never goes negative: a movement locks the item's batches, checks every line before moving
/// anything (a refusal names each shortfall), and takes from the soonest-expiring batch first;
/// the batch table's CHECK and the conditional update stand behind that, so two requests issuing
/// at once never oversell on either database.
public struct StockLedger: Sendable {
    static let stores = "stock_stores"
    static let batches = "stock_batches"
    static let entries = "stock_entries"

    public static let migration = DatabaseMigration("alerts-stock-1") { database in
        try await database.create(table: stores)
            .column("store_id", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("area_code", type: .text, .notNull)
            .column("shelter_id", type: .text, .unique)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .timestamp, .notNull)
            .run()
        try await database.create(table: batches)
            .column("store_id", type: .text, .notNull, .references(stores, "store_id"))
            .column("item", type: .text, .notNull)
            .column("batch_id", type: .text, .notNull)
            .column("expires_on", type: .text)
            .column("on_hand", type: .bigint, .notNull, .check(SQLRaw("on_hand >= 0")))
            .primaryKey("store_id", "item", "batch_id")
            .run()
        try await database.create(table: entries)
            .column("entry_id", type: .text, .primaryKey(autoIncrement: false))
            .column("store_id", type: .text, .notNull)
            .column("item", type: .text, .notNull)
            .column("batch_id", type: .text, .notNull)
            .column("quantity", type: .bigint, .notNull)
            .column("movement", type: .text, .notNull)
            .column("reference", type: .text)
            .column("alert_id", type: .text)
            .column("note", type: .text)
            .column("recorded_by", type: .text, .notNull)
            .column("recorded_at", type: .timestamp, .notNull)
            .run()
        try await database.create(index: "stock_entries_store").on(entries).column("store_id").column("recorded_at").run()
        try await database.create(index: "stock_entries_alert").on(entries).column("alert_id").run()
    }

    /// One item and quantity of a movement.
    public struct Line: Codable, Sendable, Equatable {
        public var item: String
        public var quantity: Int

        public init(item: String, quantity: Int) {
            self.item = item
            self.quantity = quantity
        }
    }

    /// A batch that expires soon, for rotation before it spoils.
    public struct ExpiringBatch: Codable, Sendable, Equatable {
        public var storeId: String
        public var item: String
        public var batchId: String
        public var expiresOn: String
        public var onHand: Int
    }

    public let database: ServiceDatabase
    public let catalog: MaterialCatalog
    let areas: AlertAreas

    public init(database: ServiceDatabase, catalog: MaterialCatalog, areas: AlertAreas) {
        self.database = database
        self.catalog = catalog
        self.areas = areas
    }

    // MARK: Stores

    public func createStore(
        storeId: String, name: String, kind: StockStore.Kind, areaCode: String, shelterId: String?, by staff: StaffIdentity,
        now: Date = Date()
    ) async throws -> StockStore {
        var problems: [String: String] = [:]
        if storeId.range(of: StockStore.idPattern, options: .regularExpression) == nil { problems["storeId"] = "1 to 64 letters, digits and '-'" }
        if !FreeText.isLine(name, maxLength: 128) { problems["name"] = "1 to 128 characters" }
        if areas.areas[areaCode] == nil { problems["areaCode"] = "is not an area of the district" }
        if (kind == .shelter) != (shelterId != nil) { problems["shelterId"] = "given for a shelter store, and only for one" }
        if !problems.isEmpty { throw InvalidInput("the store is not valid", fields: problems) }
        AuditTrail.name(storeId)
        return try await database.transaction { database in
            try await insertStore(storeId: storeId, name: name, kind: kind, areaCode: areaCode, shelterId: shelterId, by: staff, now: now, in: database)
        }
    }

    private func insertStore(
        storeId: String, name: String, kind: StockStore.Kind, areaCode: String, shelterId: String?, by staff: StaffIdentity, now: Date,
        in database: any SQLDatabase
    ) async throws -> StockStore {
        if let shelterId {
            guard try await database.select().column("shelter_id").from(ShelterDesk.table).where("shelter_id", .equal, shelterId).first() != nil
            else { throw NotFound("no shelter '\(shelterId)'") }
            if let other = try await database.select().column("store_id").from(Self.stores).where("shelter_id", .equal, shelterId).first() {
                throw StockError.storeExists(try other.decode(column: "store_id", as: String.self))
            }
        }
        guard try await database.select().column("store_id").from(Self.stores).where("store_id", .equal, storeId).first() == nil else {
            throw StockError.storeExists(storeId)
        }
        try await database.insert(into: Self.stores)
            .columns("store_id", "name", "kind", "area_code", "shelter_id", "created_by", "created_at")
            .values(SQLBind(storeId), SQLBind(name), SQLBind(kind.rawValue), SQLBind(areaCode), SQLBind(shelterId),
                    SQLBind(staff.staffID), SQLBind(now))
            .run()
        return StockStore(storeId: storeId, name: name, kind: kind, areaCode: areaCode, shelterId: shelterId, createdBy: staff.staffID, createdAt: now)
    }

    public func stores() async throws -> [StockStore] {
        try await database.withReadConnection { database in
            try await database.select().column("*").from(Self.stores).orderBy("store_id").all().map(Self.store(from:))
        }
    }

    // MARK: Movements

    /// Receives a batch into a store. Without `expiresOn`, an item with a shelf life expires that many days from today.
    public func receive(
        into storeId: String, item: String, quantity: Int, batchId: String?, expiresOn: CivilDate?, note: String?,
        by staff: StaffIdentity, now: Date = Date()
    ) async throws -> StockEntry {
        let material = try check([Line(item: item, quantity: quantity)]).first!
        if let batchId, batchId.range(of: StockStore.idPattern, options: .regularExpression) == nil {
            throw InvalidInput("batchId is 1 to 64 letters, digits and '-'", fields: ["batchId": "1 to 64 letters, digits and '-'"])
        }
        try checkNote(note)
        let expiry = expiresOn ?? material.shelfLifeDays.flatMap { CivilDate(now).adding(days: $0) }
        let batch = batchId ?? "B-" + Self.newID()
        return try await database.transaction { database in
            _ = try await existingStore(storeId, in: database)
            if let recorded = try await database.select().column("expires_on").from(Self.batches)
                .where("store_id", .equal, storeId).where("item", .equal, item).where("batch_id", .equal, batch).first(),
                try recorded.decode(column: "expires_on", as: String?.self) != expiry?.description {
                throw InvalidInput("batch \(batch) is already held with another expiry date", fields: ["expiresOn": "differs from the batch's"])
            }
            try await put(quantity, of: item, batch: batch, expiresOn: expiry?.description, into: storeId, in: database)
            return try await append(StockEntry(
                entryId: "SE-" + Self.newID(), storeId: storeId, item: item, batchId: batch, quantity: quantity, movement: .receipt,
                reference: nil, alertId: nil, note: note, recordedBy: staff.staffID, recordedAt: now), in: database)
        }
    }

    /// Issues materials out of the system (to a household, a rescue team); `note` says to whom.
    public func issue(
        _ lines: [Line], from storeId: String, alertId: String?, note: String, by staff: StaffIdentity, now: Date = Date()
    ) async throws -> [StockEntry] {
        _ = try check(lines)
        try checkNote(note)
        return try await database.transaction { database in
            _ = try await existingStore(storeId, in: database)
            try await requireAlert(alertId, in: database)
            var entries: [StockEntry] = []
            for (line, taken) in try await take(lines, from: storeId, in: database) {
                for portion in taken {
                    entries.append(try await append(StockEntry(
                        entryId: "SE-" + Self.newID(), storeId: storeId, item: line.item, batchId: portion.batchId,
                        quantity: -portion.quantity, movement: .issue, reference: nil, alertId: alertId, note: note,
                        recordedBy: staff.staffID, recordedAt: now), in: database))
                }
            }
            return entries
        }
    }

    /// Moves materials between stores, batch and expiry kept; all lines or none.
    public func transfer(
        _ lines: [Line], from source: String, to target: String, alertId: String?, note: String?, by staff: StaffIdentity,
        now: Date = Date()
    ) async throws -> [StockEntry] {
        _ = try check(lines)
        try checkNote(note)
        guard source != target else { throw InvalidInput("a transfer goes to another store", fields: ["toStoreId": "same as the source"]) }
        return try await database.transaction { database in
            _ = try await existingStore(source, in: database)
            _ = try await existingStore(target, in: database)
            try await requireAlert(alertId, in: database)
            return try await move(lines, from: source, to: target, alertId: alertId, note: note, by: staff, now: now, in: database)
        }
    }

    /// Supplies a shelter from a store in one request: the shelter's store is opened on first use.
    public func supply(
        shelterId: String, _ lines: [Line], from source: String, alertId: String?, by staff: StaffIdentity, now: Date = Date()
    ) async throws -> [StockEntry] {
        _ = try check(lines)
        return try await database.transaction { database in
            _ = try await existingStore(source, in: database)
            try await requireAlert(alertId, in: database)
            let target: String
            if let store = try await database.select().column("store_id").from(Self.stores).where("shelter_id", .equal, shelterId).first() {
                target = try store.decode(column: "store_id", as: String.self)
            } else {
                guard let shelter = try await database.select().columns("name", "area_code").from(ShelterDesk.table)
                    .where("shelter_id", .equal, shelterId).first()
                else { throw NotFound("no shelter '\(shelterId)'") }
                target = try await insertStore(
                    storeId: shelterId, name: try shelter.decode(column: "name", as: String.self) + " 物资库", kind: .shelter,
                    areaCode: try shelter.decode(column: "area_code", as: String.self), shelterId: shelterId, by: staff, now: now,
                    in: database).storeId
            }
            guard target != source else { throw InvalidInput("the shelter's own store cannot supply it", fields: ["fromStoreId": "the shelter's store"]) }
            return try await move(lines, from: source, to: target, alertId: alertId, note: "supply to shelter \(shelterId)", by: staff,
                                  now: now, in: database)
        }
    }

    private func move(
        _ lines: [Line], from source: String, to target: String, alertId: String?, note: String?, by staff: StaffIdentity, now: Date,
        in database: any SQLDatabase
    ) async throws -> [StockEntry] {
        let reference = "ST-" + Self.newID()
        var entries: [StockEntry] = []
        for (line, taken) in try await take(lines, from: source, in: database) {
            for portion in taken {
                try await put(portion.quantity, of: line.item, batch: portion.batchId, expiresOn: portion.expiresOn, into: target, in: database)
                for (store, quantity, movement) in [(source, -portion.quantity, StockEntry.Movement.transferOut),
                                                    (target, portion.quantity, .transferIn)] {
                    entries.append(try await append(StockEntry(
                        entryId: "SE-" + Self.newID(), storeId: store, item: line.item, batchId: portion.batchId, quantity: quantity,
                        movement: movement, reference: reference, alertId: alertId, note: note, recordedBy: staff.staffID,
                        recordedAt: now), in: database))
                }
            }
        }
        return entries
    }

    /// Takes each line from the store's batches, soonest expiry first, after checking that every
    /// line can be met. The batches are locked (PostgreSQL; SQLite's write transaction already is).
    private func take(_ lines: [Line], from storeId: String, in database: any SQLDatabase) async throws
        -> [(Line, [(batchId: String, expiresOn: String?, quantity: Int)])]
    {
        var held: [String: [(batchId: String, expiresOn: String?, onHand: Int)]] = [:]
        for item in Set(lines.map(\.item)) {
            held[item] = try await database.select().columns("batch_id", "expires_on", "on_hand").from(Self.batches)
                .where("store_id", .equal, storeId).where("item", .equal, item).where("on_hand", .greaterThan, 0)
                .orderBy(SQLRaw("CASE WHEN expires_on IS NULL THEN 1 ELSE 0 END")).orderBy("expires_on").orderBy("batch_id")
                .for(.update).all()
                .map { (try $0.decode(column: "batch_id", as: String.self), try $0.decode(column: "expires_on", as: String?.self),
                        try $0.decode(column: "on_hand", as: Int.self)) }
        }
        let requested = Dictionary(lines.map { ($0.item, $0.quantity) }, uniquingKeysWith: +)
        let shortfalls = requested.keys.sorted().compactMap { item -> StockError.Shortfall? in
            let onHand = held[item, default: []].reduce(0) { $0 + $1.onHand }
            return onHand < requested[item]! ? StockError.Shortfall(storeId: storeId, item: item, requested: requested[item]!, onHand: onHand) : nil
        }
        if !shortfalls.isEmpty { throw StockError.insufficient(shortfalls) }
        var result: [(Line, [(batchId: String, expiresOn: String?, quantity: Int)])] = []
        for line in lines {
            var remaining = line.quantity
            var portions: [(batchId: String, expiresOn: String?, quantity: Int)] = []
            for index in held[line.item, default: []].indices where remaining > 0 {
                let batch = held[line.item]![index]
                let quantity = min(remaining, batch.onHand)
                guard quantity > 0 else { continue }
                let changed = try await database.update(Self.batches)
                    .set(SQLIdentifier("on_hand"), to: SQLRaw("on_hand - \(quantity)"))
                    .where("store_id", .equal, storeId).where("item", .equal, line.item).where("batch_id", .equal, batch.batchId)
                    .where("on_hand", .greaterThanOrEqual, quantity).returning("on_hand").all()
                guard !changed.isEmpty else {
                    throw StockError.insufficient([StockError.Shortfall(storeId: storeId, item: line.item, requested: line.quantity, onHand: 0)])
                }
                held[line.item]![index].onHand -= quantity
                remaining -= quantity
                portions.append((batch.batchId, batch.expiresOn, quantity))
            }
            result.append((line, portions))
        }
        return result
    }

    private func put(_ quantity: Int, of item: String, batch: String, expiresOn: String?, into storeId: String, in database: any SQLDatabase) async throws {
        try await database.insert(into: Self.batches)
            .columns("store_id", "item", "batch_id", "expires_on", "on_hand")
            .values(SQLBind(storeId), SQLBind(item), SQLBind(batch), SQLBind(expiresOn), SQLBind(quantity))
            .onConflict(with: ["store_id", "item", "batch_id"]) {
                $0.set(SQLIdentifier("on_hand"), to: SQLRaw("\(Self.batches).on_hand + \(quantity)"))
            }
            .run()
    }

    /// Writes a ledger line and, in the same transaction, its analytics-safe event (no note).
    @discardableResult
    func append(_ entry: StockEntry, in database: any SQLDatabase) async throws -> StockEntry {
        let store = try await existingStore(entry.storeId, in: database)
        let item = catalog.item(entry.item)
        try await Outbox.append(
            StockMoved(
                entryId: entry.entryId, storeId: entry.storeId, storeKind: store.kind,
                areaCode: store.areaCode, item: entry.item, itemName: item?.name, unit: item?.unit, batchId: entry.batchId,
                quantity: entry.quantity, movement: entry.movement,
                reference: entry.reference, alertId: entry.alertId, recordedBy: entry.recordedBy, recordedAt: entry.recordedAt),
            id: entry.entryId, time: entry.recordedAt, in: database)
        try await database.insert(into: Self.entries)
            .columns("entry_id", "store_id", "item", "batch_id", "quantity", "movement", "reference", "alert_id", "note",
                     "recorded_by", "recorded_at")
            .values(SQLBind(entry.entryId), SQLBind(entry.storeId), SQLBind(entry.item), SQLBind(entry.batchId), SQLBind(entry.quantity),
                    SQLBind(entry.movement.rawValue), SQLBind(entry.reference), SQLBind(entry.alertId), SQLBind(entry.note),
                    SQLBind(entry.recordedBy), SQLBind(entry.recordedAt))
            .run()
        return entry
    }

    // MARK: Queries

    /// Stock on hand per store and item, batch by batch; optionally of one store.
    public func levels(of storeId: String? = nil) async throws -> [StockLevel] {
        try await database.withReadConnection { database in
            if let storeId { _ = try await existingStore(storeId, in: database) }
            var select = database.select().column("*").from(Self.batches).where("on_hand", .greaterThan, 0)
            if let storeId { select = select.where("store_id", .equal, storeId) }
            let rows = try await select.orderBy("store_id").orderBy("item")
                .orderBy(SQLRaw("CASE WHEN expires_on IS NULL THEN 1 ELSE 0 END")).orderBy("expires_on").orderBy("batch_id").all()
            var levels: [StockLevel] = []
            for row in rows {
                let store = try row.decode(column: "store_id", as: String.self)
                let item = try row.decode(column: "item", as: String.self)
                let batch = StockLevel.Batch(
                    batchId: try row.decode(column: "batch_id", as: String.self),
                    expiresOn: try row.decode(column: "expires_on", as: String?.self), onHand: try row.decode(column: "on_hand", as: Int.self))
                if let last = levels.last, last.storeId == store, last.item == item {
                    levels[levels.count - 1].batches.append(batch)
                    levels[levels.count - 1].onHand += batch.onHand
                } else {
                    let material = catalog.item(item)
                    levels.append(StockLevel(storeId: store, item: item, name: material?.name ?? item, unit: material?.unit ?? "",
                                             onHand: batch.onHand, batches: [batch]))
                }
            }
            return levels
        }
    }

    /// Batches still held that expire on or before `today + days`, soonest first.
    public func expiring(within days: Int, today: CivilDate) async throws -> [ExpiringBatch] {
        guard (0...3650).contains(days), let limit = today.adding(days: days) else {
            throw InvalidInput("withinDays is 0 to 3650", fields: ["withinDays": "0 to 3650"])
        }
        return try await database.withReadConnection { database in
            try await database.select().column("*").from(Self.batches).where("on_hand", .greaterThan, 0)
                .where("expires_on", .isNot, SQLLiteral.null).where("expires_on", .lessThanOrEqual, limit.description)
                .orderBy("expires_on").orderBy("store_id").orderBy("item").all()
                .map { row in
                    ExpiringBatch(
                        storeId: try row.decode(column: "store_id", as: String.self), item: try row.decode(column: "item", as: String.self),
                        batchId: try row.decode(column: "batch_id", as: String.self),
                        expiresOn: try row.decode(column: "expires_on", as: String.self), onHand: try row.decode(column: "on_hand", as: Int.self))
                }
        }
    }

    /// A store's ledger, newest first.
    public func entries(of storeId: String, page: PageRequest) async throws -> Page<StockEntry> {
        try await database.withReadConnection { database in
            _ = try await existingStore(storeId, in: database)
            let total = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total").from(Self.entries)
                .where("store_id", .equal, storeId).first()?.decode(column: "total", as: Int.self) ?? 0
            let rows = try await database.select().column("*").from(Self.entries).where("store_id", .equal, storeId)
                .orderBy("recorded_at", .descending).orderBy("entry_id").limit(page.pageSize).offset(page.offset).all()
            return Page(try rows.map(Self.entry(from:)), of: page, total: total)
        }
    }

    /// Everything issued or moved for an alert, in time order (the typhoon timeline's stock).
    static func entries(ofAlert alertId: String, in database: any SQLDatabase) async throws -> [StockEntry] {
        try await database.select().column("*").from(entries).where("alert_id", .equal, alertId).orderBy("recorded_at").all()
            .map(entry(from:))
    }

    // MARK: Checks and rows

    /// The lines' items are in the catalog and their quantities in range; returns their catalog items.
    func check(_ lines: [Line]) throws -> [MaterialCatalog.Item] {
        guard (1...100).contains(lines.count) else { throw InvalidInput("1 to 100 lines", fields: ["items": "1 to 100 lines"]) }
        return try lines.enumerated().map { index, line in
            guard let item = catalog.item(line.item) else {
                throw InvalidInput("'\(line.item)' is not in the material catalog", fields: ["items[\(index)].item": "not in the catalog"])
            }
            guard MaterialCatalog.quantities.contains(line.quantity) else {
                throw InvalidInput("a quantity is 1 to \(MaterialCatalog.quantities.upperBound)",
                                   fields: ["items[\(index)].quantity": "1 to \(MaterialCatalog.quantities.upperBound)"])
            }
            return item
        }
    }

    private func checkNote(_ note: String?) throws {
        if let note, !FreeText.isLine(note, maxLength: 256) { throw InvalidInput("note is 1 to 256 characters", fields: ["note": "1 to 256 characters"]) }
    }

    private func requireAlert(_ alertId: String?, in database: any SQLDatabase) async throws {
        if let alertId, try await AlertDesk.state(of: alertId, in: database) == nil { throw NotFound("no alert '\(alertId)'") }
    }

    func existingStore(_ storeId: String, in database: any SQLDatabase) async throws -> StockStore {
        guard let row = try await database.select().column("*").from(Self.stores).where("store_id", .equal, storeId).first() else {
            throw NotFound("no store '\(storeId)'")
        }
        return try Self.store(from: row)
    }

    static func newID() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).uppercased()
    }

    private static func store(from row: any SQLRow) throws -> StockStore {
        StockStore(
            storeId: try row.decode(column: "store_id", as: String.self), name: try row.decode(column: "name", as: String.self),
            kind: StockStore.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .district,
            areaCode: try row.decode(column: "area_code", as: String.self), shelterId: try row.decode(column: "shelter_id", as: String?.self),
            createdBy: try row.decode(column: "created_by", as: String.self), createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    static func entry(from row: any SQLRow) throws -> StockEntry {
        StockEntry(
            entryId: try row.decode(column: "entry_id", as: String.self), storeId: try row.decode(column: "store_id", as: String.self),
            item: try row.decode(column: "item", as: String.self), batchId: try row.decode(column: "batch_id", as: String.self),
            quantity: try row.decode(column: "quantity", as: Int.self),
            movement: StockEntry.Movement(rawValue: try row.decode(column: "movement", as: String.self)) ?? .issue,
            reference: try row.decode(column: "reference", as: String?.self), alertId: try row.decode(column: "alert_id", as: String?.self),
            note: try row.decode(column: "note", as: String?.self), recordedBy: try row.decode(column: "recorded_by", as: String.self),
            recordedAt: try row.decode(column: "recorded_at", as: Date.self))
    }
}
