import CivilDomain
import Foundation
import ServiceKit
import SQLKit

/// Stock-taking: a count session per store. Opening it copies the book per item and batch;
/// the counter records what is on the shelves; every difference needs a reason; a second person
/// approves before the book is corrected (one count-correction ledger entry per differing batch).
/// A correction is applied as the difference, so issues made while counting are kept.
public struct StockTakes: Sendable {
    static let takes = "stock_takes"
    static let lines = "stock_take_lines"

    public static let migration = DatabaseMigration("alerts-stock-takes-1") { database in
        try await database.create(table: takes)
            .column("stock_take_id", type: .text, .primaryKey(autoIncrement: false))
            .column("store_id", type: .text, .notNull, .references(StockLedger.stores, "store_id"))
            .column("state", type: .text, .notNull)
            .column("opened_by", type: .text, .notNull)
            .column("opened_at", type: .timestamp, .notNull)
            .column("submitted_by", type: .text)
            .column("submitted_at", type: .timestamp)
            .column("approved_by", type: .text)
            .column("approved_at", type: .timestamp)
            .run()
        try await database.create(table: lines)
            .column("stock_take_id", type: .text, .notNull, .references(takes, "stock_take_id"))
            .column("item", type: .text, .notNull)
            .column("batch_id", type: .text, .notNull)
            .column("book", type: .bigint, .notNull)
            .column("counted", type: .bigint)
            .column("reason", type: .text)
            .primaryKey("stock_take_id", "item", "batch_id")
            .run()
    }

    public enum State: String, Codable, Sendable {
        case counting, submitted, approved
    }

    /// A counted line as the counter sends it.
    public struct Count: Codable, Sendable, Equatable {
        public var item: String
        public var batchId: String
        public var counted: Int
        /// Why the count differs from the book; required where it does.
        public var reason: String?

        public init(item: String, batchId: String, counted: Int, reason: String? = nil) {
            self.item = item
            self.batchId = batchId
            self.counted = counted
            self.reason = reason
        }
    }

    /// The stock-take report: book against counted, per batch and per item.
    public struct Report: Codable, Sendable, Equatable {
        public struct Line: Codable, Sendable, Equatable {
            public var item: String
            public var batchId: String
            public var book: Int
            public var counted: Int?
            public var difference: Int?
            public var reason: String?
        }

        public struct ItemTotal: Codable, Sendable, Equatable {
            public var item: String
            public var book: Int
            public var counted: Int
            public var difference: Int
        }

        public var stockTakeId: String
        public var storeId: String
        public var state: State
        public var openedBy: String
        public var openedAt: Date
        public var submittedBy: String?
        public var submittedAt: Date?
        public var approvedBy: String?
        public var approvedAt: Date?
        public var lines: [Line]
        public var items: [ItemTotal]
        public var uncounted: Int
        public var discrepancies: Int
    }

    public let ledger: StockLedger
    var database: ServiceDatabase { ledger.database }

    public init(ledger: StockLedger) {
        self.ledger = ledger
    }

    /// Opens a count of a store with the book as it is now; one open count per store.
    public func open(storeId: String, by staff: StaffIdentity, now: Date = Date()) async throws -> Report {
        let id = "STK-" + StockLedger.newID()
        AuditTrail.name(id)
        try await database.transaction { database in
            _ = try await ledger.existingStore(storeId, in: database)
            if let open = try await database.select().column("stock_take_id").from(Self.takes).where("store_id", .equal, storeId)
                .where("state", .notEqual, State.approved.rawValue).first() {
                throw StockError.stockTakeOpen(storeId: storeId, stockTakeId: try open.decode(column: "stock_take_id", as: String.self))
            }
            try await database.insert(into: Self.takes).columns("stock_take_id", "store_id", "state", "opened_by", "opened_at")
                .values(SQLBind(id), SQLBind(storeId), SQLBind(State.counting.rawValue), SQLBind(staff.staffID), SQLBind(now)).run()
            try await database.raw("""
                INSERT INTO \(ident: Self.lines) (stock_take_id, item, batch_id, book)
                SELECT \(bind: id), item, batch_id, on_hand FROM \(ident: StockLedger.batches)
                WHERE store_id = \(bind: storeId) AND on_hand > 0
                """).run()
        }
        return try await report(id)
    }

    /// Records counted quantities; a batch found that the book does not have is added with book 0.
    public func record(_ counts: [Count], in stockTakeId: String, by staff: StaffIdentity) async throws -> Report {
        guard (1...1000).contains(counts.count) else { throw InvalidInput("1 to 1000 counts", fields: ["counts": "1 to 1000"]) }
        for (index, count) in counts.enumerated() {
            guard ledger.catalog.item(count.item) != nil else {
                throw InvalidInput("'\(count.item)' is not in the material catalog", fields: ["counts[\(index)].item": "not in the catalog"])
            }
            guard (0...MaterialCatalog.quantities.upperBound).contains(count.counted) else {
                throw InvalidInput("a count is 0 to \(MaterialCatalog.quantities.upperBound)", fields: ["counts[\(index)].counted": "out of range"])
            }
            guard count.batchId.range(of: StockStore.idPattern, options: .regularExpression) != nil else {
                throw InvalidInput("batchId is 1 to 64 letters, digits and '-'", fields: ["counts[\(index)].batchId": "not a batch id"])
            }
            if let reason = count.reason, !FreeText.isLine(reason, maxLength: 256) {
                throw InvalidInput("a reason is 1 to 256 characters", fields: ["counts[\(index)].reason": "1 to 256 characters"])
            }
        }
        try await database.transaction { database in
            try await requireState(.counting, of: stockTakeId, action: "count", in: database)
            for count in counts {
                try await database.insert(into: Self.lines).columns("stock_take_id", "item", "batch_id", "book", "counted", "reason")
                    .values(SQLBind(stockTakeId), SQLBind(count.item), SQLBind(count.batchId), SQLBind(0), SQLBind(count.counted),
                            SQLBind(count.reason))
                    .onConflict(with: ["stock_take_id", "item", "batch_id"]) { $0.set(excludedValueOf: "counted").set(excludedValueOf: "reason") }
                    .run()
            }
        }
        return try await report(stockTakeId)
    }

    /// Ends counting: every line counted, every difference with a reason.
    public func submit(_ stockTakeId: String, by staff: StaffIdentity, now: Date = Date()) async throws -> Report {
        let current = try await report(stockTakeId)
        var problems: [String: String] = [:]
        for line in current.lines {
            if line.counted == nil { problems["\(line.item)/\(line.batchId)"] = "not counted" }
            else if line.difference != 0, line.reason == nil { problems["\(line.item)/\(line.batchId)"] = "differs from the book without a reason" }
        }
        if !problems.isEmpty { throw StockError.stockTakeIncomplete(stockTakeId: stockTakeId, lines: problems) }
        try await database.transaction { database in
            let changed = try await database.update(Self.takes).set("state", to: State.submitted.rawValue)
                .set("submitted_by", to: staff.staffID).set("submitted_at", to: now)
                .where("stock_take_id", .equal, stockTakeId).where("state", .equal, State.counting.rawValue).returning("state").all()
            if changed.isEmpty { try await requireState(.counting, of: stockTakeId, action: "submit", in: database) }
        }
        return try await report(stockTakeId)
    }

    /// A second person (not the one who submitted) approves; the book is corrected by each difference.
    public func approve(_ stockTakeId: String, by staff: StaffIdentity, now: Date = Date()) async throws -> Report {
        let current = try await report(stockTakeId)
        try FourEyes.check(submittedBy: current.submittedBy ?? current.openedBy, decidedBy: staff, what: "stock-take")
        try await database.transaction { database in
            let changed = try await database.update(Self.takes).set("state", to: State.approved.rawValue)
                .set("approved_by", to: staff.staffID).set("approved_at", to: now)
                .where("stock_take_id", .equal, stockTakeId).where("state", .equal, State.submitted.rawValue)
                .where("submitted_by", .notEqual, staff.staffID).returning("state").all()
            if changed.isEmpty { try await requireState(.submitted, of: stockTakeId, action: "approve", in: database) }
            for line in current.lines {
                guard let difference = line.difference, difference != 0 else { continue }
                let batch = database.update(StockLedger.batches)
                    .set(SQLIdentifier("on_hand"), to: SQLRaw("on_hand + (\(difference))"))
                    .where("store_id", .equal, current.storeId).where("item", .equal, line.item).where("batch_id", .equal, line.batchId)
                if difference < 0 {
                    let moved = try await batch.where("on_hand", .greaterThanOrEqual, -difference).returning("on_hand").all()
                    guard !moved.isEmpty else { throw StockError.correctionBelowZero(item: line.item, batchId: line.batchId) }
                } else {
                    try await database.insert(into: StockLedger.batches).columns("store_id", "item", "batch_id", "expires_on", "on_hand")
                        .values(SQLBind(current.storeId), SQLBind(line.item), SQLBind(line.batchId), SQLBind(nil as String?), SQLBind(difference))
                        .onConflict(with: ["store_id", "item", "batch_id"]) {
                            $0.set(SQLIdentifier("on_hand"), to: SQLRaw("\(StockLedger.batches).on_hand + \(difference)"))
                        }
                        .run()
                }
                try await ledger.append(StockEntry(
                    entryId: "SE-" + StockLedger.newID(), storeId: current.storeId, item: line.item, batchId: line.batchId,
                    quantity: difference, movement: .countCorrection, reference: stockTakeId, alertId: nil, note: line.reason,
                    recordedBy: staff.staffID, recordedAt: now), in: database)
            }
        }
        return try await report(stockTakeId)
    }

    public func report(_ stockTakeId: String) async throws -> Report {
        try await database.withConnection { database in
            guard let take = try await database.select().column("*").from(Self.takes).where("stock_take_id", .equal, stockTakeId).first() else {
                throw NotFound("no stock-take '\(stockTakeId)'")
            }
            let lines = try await database.select().column("*").from(Self.lines).where("stock_take_id", .equal, stockTakeId)
                .orderBy("item").orderBy("batch_id").all().map { row -> Report.Line in
                    let book = try row.decode(column: "book", as: Int.self)
                    let counted = try row.decode(column: "counted", as: Int?.self)
                    return Report.Line(item: try row.decode(column: "item", as: String.self), batchId: try row.decode(column: "batch_id", as: String.self),
                                       book: book, counted: counted, difference: counted.map { $0 - book },
                                       reason: try row.decode(column: "reason", as: String?.self))
                }
            let items = Dictionary(grouping: lines, by: \.item).map { item, lines in
                Report.ItemTotal(item: item, book: lines.reduce(0) { $0 + $1.book }, counted: lines.reduce(0) { $0 + ($1.counted ?? 0) },
                                 difference: lines.reduce(0) { $0 + ($1.difference ?? 0) })
            }.sorted { $0.item < $1.item }
            return Report(
                stockTakeId: stockTakeId, storeId: try take.decode(column: "store_id", as: String.self),
                state: State(rawValue: try take.decode(column: "state", as: String.self)) ?? .counting,
                openedBy: try take.decode(column: "opened_by", as: String.self), openedAt: try take.decode(column: "opened_at", as: Date.self),
                submittedBy: try take.decode(column: "submitted_by", as: String?.self),
                submittedAt: try take.decode(column: "submitted_at", as: Date?.self),
                approvedBy: try take.decode(column: "approved_by", as: String?.self), approvedAt: try take.decode(column: "approved_at", as: Date?.self),
                lines: lines, items: items, uncounted: lines.count { $0.counted == nil },
                discrepancies: lines.count { ($0.difference ?? 0) != 0 })
        }
    }

    private func requireState(_ state: State, of stockTakeId: String, action: String, in database: any SQLDatabase) async throws {
        guard let row = try await database.select().column("state").from(Self.takes).where("stock_take_id", .equal, stockTakeId).first() else {
            throw NotFound("no stock-take '\(stockTakeId)'")
        }
        let current = try row.decode(column: "state", as: String.self)
        guard current == state.rawValue else { throw StockError.stockTakeState(stockTakeId: stockTakeId, state: current, action: action) }
    }
}
