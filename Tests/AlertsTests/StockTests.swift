@testable import Alerts
import CivilDomain
import Contracts
import Foundation
import KafkaTestSupport
import ServiceKit
import SQLKit
import Testing

@Suite("Relief-material stock", .serialized)
struct StockTests {
    static func ledger(_ database: ServiceDatabase) throws -> StockLedger {
        StockLedger(database: database, catalog: try AlertsFixture.materials(), areas: try AlertsFixture.areas())
    }

    /// A district warehouse with 100 quilts in two batches and 40 cases of water in two batches
    /// (the one expiring first received last).
    static func stocked(_ ledger: StockLedger) async throws {
        _ = try await ledger.createStore(
            storeId: "WH-DISTRICT", name: "区救灾物资仓库", kind: .district, areaCode: "330106", shelterId: nil, by: AlertsFixture.duty)
        _ = try await ledger.createStore(
            storeId: "WH-BEISHAN", name: "北山街道物资点", kind: .street, areaCode: "330106001", shelterId: nil, by: AlertsFixture.duty)
        _ = try await ledger.receive(into: "WH-DISTRICT", item: "quilt", quantity: 60, batchId: "Q-2025", expiresOn: nil, note: nil, by: AlertsFixture.duty)
        _ = try await ledger.receive(into: "WH-DISTRICT", item: "quilt", quantity: 40, batchId: "Q-2026", expiresOn: nil, note: nil, by: AlertsFixture.duty)
        _ = try await ledger.receive(
            into: "WH-DISTRICT", item: "drinking-water", quantity: 20, batchId: "W-LATE", expiresOn: CivilDate("2027-09-30"), note: nil,
            by: AlertsFixture.duty)
        _ = try await ledger.receive(
            into: "WH-DISTRICT", item: "drinking-water", quantity: 20, batchId: "W-EARLY", expiresOn: CivilDate("2027-01-15"), note: nil,
            by: AlertsFixture.duty)
    }

    static func onHand(_ ledger: StockLedger, _ store: String, _ item: String) async throws -> Int {
        try await ledger.levels(of: store).first { $0.item == item }?.onHand ?? 0
    }

    /// The sum of a store's ledger entries for an item: the book must equal it.
    static func ledgerSum(_ database: ServiceDatabase, _ store: String, _ item: String) async throws -> Int {
        try await database.withConnection { database in
            try await database.select().column("quantity").from(StockLedger.entries).where("store_id", .equal, store)
                .where("item", .equal, item).all().reduce(0) { $0 + (try $1.decode(column: "quantity", as: Int.self)) }
        }
    }

    @Test("twenty issues at once never oversell: 14 of 7 quilts go out, 6 are refused with the shortfall, and the book equals the ledger",
          arguments: TestDatabase.available)
    func concurrentIssues(_ kind: TestDatabase) async throws {
        try await AlertsFixture.withDatabase(kind) { database in
            let ledger = try Self.ledger(database)
            try await Self.stocked(ledger)
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        do {
                            _ = try await ledger.issue([.init(item: "quilt", quantity: 7)], from: "WH-DISTRICT", alertId: nil,
                                                       note: "安置户 \(index)", by: AlertsFixture.officer)
                            return "issued"
                        } catch StockError.insufficient(let shortfalls) {
                            return shortfalls.first.map { "short \($0.requested - $0.onHand)" } ?? "short"
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.count { $0 == "issued" } == 14)
            #expect(outcomes.filter { $0 != "issued" }.allSatisfy { $0 == "short 5" })
            #expect(try await Self.onHand(ledger, "WH-DISTRICT", "quilt") == 2)
            #expect(try await Self.ledgerSum(database, "WH-DISTRICT", "quilt") == 2)
            // The older batch went first.
            #expect(try await ledger.levels(of: "WH-DISTRICT").first { $0.item == "quilt" }?.batches.map(\.batchId) == ["Q-2026"])
        }
    }

    @Test("a movement the store cannot meet moves nothing and names each shortfall; the soonest-expiring batch goes first; a transfer keeps batch and expiry",
          arguments: TestDatabase.available)
    func shortfallsAndTransfers(_ kind: TestDatabase) async throws {
        try await AlertsFixture.withDatabase(kind) { database in
            let ledger = try Self.ledger(database)
            try await Self.stocked(ledger)
            do {
                _ = try await ledger.transfer(
                    [.init(item: "quilt", quantity: 30), .init(item: "drinking-water", quantity: 45), .init(item: "tent", quantity: 2)],
                    from: "WH-DISTRICT", to: "WH-BEISHAN", alertId: nil, note: nil, by: AlertsFixture.duty)
                Issue.record("the transfer was not refused")
            } catch StockError.insufficient(let shortfalls) {
                #expect(shortfalls.map(\.item) == ["drinking-water", "tent"])
                #expect(shortfalls.map(\.short) == [5, 2])
                let problem = StockError.insufficient(shortfalls).problem
                #expect(problem.status == .conflict && problem.detail.contains("drinking-water") && problem.detail.contains("5 short"))
            }
            #expect(try await Self.onHand(ledger, "WH-DISTRICT", "quilt") == 100)
            #expect(try await ledger.levels(of: "WH-BEISHAN").isEmpty)

            let moved = try await ledger.transfer(
                [.init(item: "drinking-water", quantity: 25)], from: "WH-DISTRICT", to: "WH-BEISHAN", alertId: nil, note: "台风前预置",
                by: AlertsFixture.duty)
            #expect(moved.filter { $0.movement == .transferIn }.map(\.batchId) == ["W-EARLY", "W-LATE"])
            #expect(moved.filter { $0.movement == .transferIn }.map(\.quantity) == [20, 5])
            let street = try #require(try await ledger.levels(of: "WH-BEISHAN").first)
            #expect(street.onHand == 25 && street.batches.map(\.expiresOn) == ["2027-01-15", "2027-09-30"])
            #expect(Set(moved.map(\.reference)).count == 1)
            // Every ledger line is on the analytics topic too, in the same transaction, without its note.
            let published = try await database.withConnection { database in
                try await database.select().columns("data").from("outbox_events").where("topic", .equal, TopicCatalog.stock.name)
                    .orderBy("seq").all().map { try $0.decode(column: "data", as: Data.self) }
            }
            let lines = try published.map { try CivilEventCoding.decoder.decode(StockMoved.self, from: $0) }
            let entries = try await ledger.entries(of: "WH-BEISHAN", page: PageRequest(page: 1, pageSize: 100)).items
            #expect(Set(entries.map(\.entryId)).isSubset(of: Set(lines.map(\.entryId))))
            #expect(lines.first { $0.entryId == moved.last?.entryId }.map { ($0.quantity, $0.movement, $0.storeKind, $0.itemName) }
                ?? (0, .receipt, .district, nil) == (5, .transferIn, .street, "瓶装饮用水"))
            #expect(published.allSatisfy { !String(decoding: $0, as: UTF8.self).contains("台风前预置") }, "the note stays in the service")

            let expiring = try await ledger.expiring(within: 60, today: CivilDate("2026-12-01")!)
            #expect(expiring.map(\.storeId) == ["WH-BEISHAN"] && expiring.first?.onHand == 20)
            // A receipt without an expiry date of an item with a shelf life gets one.
            let food = try await ledger.receive(into: "WH-BEISHAN", item: "instant-food", quantity: 5, batchId: nil, expiresOn: nil, note: nil,
                                                by: AlertsFixture.duty)
            #expect(try await ledger.levels(of: "WH-BEISHAN").first { $0.item == "instant-food" }?.batches.first?.expiresOn
                == CivilDate(food.recordedAt).adding(days: 180)?.description)
            // Out-of-catalog items and quantities out of range are refused before anything is read.
            await #expect(throws: InvalidInput.self) {
                _ = try await ledger.issue([.init(item: "gold", quantity: 1)], from: "WH-DISTRICT", alertId: nil, note: "x", by: AlertsFixture.duty)
            }
            await #expect(throws: InvalidInput.self) {
                _ = try await ledger.issue([.init(item: "quilt", quantity: 0)], from: "WH-DISTRICT", alertId: nil, note: "x", by: AlertsFixture.duty)
            }
        }
    }

    @Test("a stock-take corrects the book only after a second person approves, every difference with a reason, issues made while counting kept",
          arguments: TestDatabase.available)
    func stockTake(_ kind: TestDatabase) async throws {
        try await AlertsFixture.withDatabase(kind) { database in
            let ledger = try Self.ledger(database)
            try await Self.stocked(ledger)
            let takes = StockTakes(ledger: ledger)
            let opened = try await takes.open(storeId: "WH-DISTRICT", by: AlertsFixture.duty)
            #expect(opened.lines.count == 4 && opened.uncounted == 4)
            await #expect(throws: StockError.self) { _ = try await takes.open(storeId: "WH-DISTRICT", by: AlertsFixture.duty2) }
            // Ten quilts of the older batch go out while counting.
            _ = try await ledger.issue([.init(item: "quilt", quantity: 10)], from: "WH-DISTRICT", alertId: nil, note: "转移安置", by: AlertsFixture.officer)

            _ = try await takes.record([
                .init(item: "quilt", batchId: "Q-2025", counted: 57), .init(item: "quilt", batchId: "Q-2026", counted: 40),
                .init(item: "drinking-water", batchId: "W-EARLY", counted: 20), .init(item: "drinking-water", batchId: "W-LATE", counted: 20),
            ], in: opened.stockTakeId, by: AlertsFixture.duty)
            // The quilt difference has no reason yet.
            await #expect(throws: StockError.self) { _ = try await takes.submit(opened.stockTakeId, by: AlertsFixture.duty) }
            _ = try await takes.record([.init(item: "quilt", batchId: "Q-2025", counted: 57, reason: "受潮霉变 3 床报废")],
                                       in: opened.stockTakeId, by: AlertsFixture.duty)
            let submitted = try await takes.submit(opened.stockTakeId, by: AlertsFixture.duty)
            #expect(submitted.state == .submitted && submitted.discrepancies == 1)
            #expect(submitted.items.first { $0.item == "quilt" }?.difference == -3)

            // The book is unchanged until a second person approves; the submitter cannot.
            #expect(try await Self.onHand(ledger, "WH-DISTRICT", "quilt") == 90)
            await #expect(throws: FourEyesViolation.self) { _ = try await takes.approve(opened.stockTakeId, by: AlertsFixture.duty) }
            let approved = try await takes.approve(opened.stockTakeId, by: AlertsFixture.duty2)
            #expect(approved.state == .approved && approved.approvedBy == AlertsFixture.duty2.staffID)
            #expect(try await Self.onHand(ledger, "WH-DISTRICT", "quilt") == 87)
            #expect(try await Self.ledgerSum(database, "WH-DISTRICT", "quilt") == 87)
            let correction = try await ledger.entries(of: "WH-DISTRICT", page: PageRequest()).items.filter { $0.movement == .countCorrection }
            #expect(correction.map(\.quantity) == [-3] && correction.first?.reference == opened.stockTakeId)
            await #expect(throws: StockError.self) { _ = try await takes.approve(opened.stockTakeId, by: AlertsFixture.duty2) }
        }
    }

    @Test("shelters are ranked by their gaps, and supplying a shelter in one request closes its supply gaps",
          arguments: TestDatabase.available)
    func readiness(_ kind: TestDatabase) async throws {
        try await AlertsFixture.withDatabase(kind) { database in
            let ledger = try Self.ledger(database)
            try await Self.stocked(ledger)
            let shelters = ShelterDesk(database: database, areas: try AlertsFixture.areas())
            try await ShelterTests.register(shelters)  // SH-1 holds 5, the others 50
            let readiness = ShelterReadiness(database: database, catalog: try AlertsFixture.materials(), areas: try AlertsFixture.areas())
            let today = CivilDate(Date())
            let inspected = today.adding(days: -10)!.description
            for id in ["SH-1", "SH-2"] {
                _ = try await readiness.record(.init(signage: true, lighting: true, water: true, power: true, staffOnDuty: 2,
                                                     lastInspectionOn: inspected), for: id, by: AlertsFixture.officer)
            }
            _ = try await readiness.record(.init(signage: true, lighting: false, water: true, power: true, staffOnDuty: 0, lastInspectionOn: nil),
                                           for: "SH-3", by: AlertsFixture.officer)
            // SH-1 gets everything its five places need in one request.
            let supplied = try await ledger.supply(
                shelterId: "SH-1", [.init(item: "quilt", quantity: 5)], from: "WH-DISTRICT", alertId: nil, by: AlertsFixture.officer)
            #expect(supplied.map(\.movement) == [.transferOut, .transferIn] && supplied.last?.storeId == "SH-1")
            _ = try await ledger.receive(into: "WH-DISTRICT", item: "folding-bed", quantity: 10, batchId: "FB-1", expiresOn: nil, note: nil,
                                         by: AlertsFixture.duty)
            _ = try await ledger.receive(into: "WH-DISTRICT", item: "emergency-lamp", quantity: 10, batchId: "L-1", expiresOn: nil, note: nil,
                                         by: AlertsFixture.duty)
            _ = try await ledger.supply(
                shelterId: "SH-1",
                [.init(item: "folding-bed", quantity: 5), .init(item: "drinking-water", quantity: 3), .init(item: "emergency-lamp", quantity: 1)],
                from: "WH-DISTRICT", alertId: nil, by: AlertsFixture.officer)
            var ranked = try await readiness.ranked(today: today)
            // SH-1 still lacks food.
            #expect(ranked.first { $0.shelterId == "SH-1" }?.gaps == ["instant-food short 3"])
            _ = try await ledger.receive(into: "WH-DISTRICT", item: "instant-food", quantity: 3, batchId: "F-1", expiresOn: nil, note: nil,
                                         by: AlertsFixture.duty)
            _ = try await ledger.supply(shelterId: "SH-1", [.init(item: "instant-food", quantity: 3)], from: "WH-DISTRICT", alertId: nil,
                                        by: AlertsFixture.officer)
            ranked = try await readiness.ranked(today: today)
            #expect(ranked.map(\.shelterId) == ["SH-3", "SH-4", "SH-2", "SH-1"])
            #expect(ranked.last?.ready == true && ranked.last?.suppliesShortPerMille == 0)
            #expect(ranked.first?.gaps.contains("lighting not ready") == true && ranked.first?.gaps.contains("no staff on duty") == true)
            #expect(ranked[1].gaps.contains("checks not recorded"))
            // Within a street: its shelters only.
            #expect(try await readiness.ranked(within: ["330106002"], today: today).map(\.shelterId) == ["SH-4"])
            #expect(try await ledger.stores().first { $0.shelterId == "SH-1" }?.kind == .shelter)
        }
    }
}
