import CivilDomain
import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension AlertsRoutes {
    struct StoreRegistration: StrictRequestBody {
        static let fields: Set<String> = ["storeId", "name", "kind", "areaCode", "shelterId"]
        let storeId: String
        let name: String
        let kind: StockStore.Kind
        let areaCode: String
        let shelterId: String?
    }

    struct Receipt: StrictRequestBody {
        static let fields: Set<String> = ["item", "quantity", "batchId", "expiresOn", "note"]
        let item: String
        let quantity: Int
        let batchId: String?
        let expiresOn: CivilDate?
        let note: String?
    }

    struct Issue: StrictRequestBody {
        static let fields: Set<String> = ["items", "alertId", "note"]
        let items: [StockLedger.Line]
        let alertId: String?
        /// To whom: a household, a rescue team.
        let note: String
    }

    struct Transfer: StrictRequestBody {
        static let fields: Set<String> = ["fromStoreId", "toStoreId", "items", "alertId", "note"]
        let fromStoreId: String
        let toStoreId: String
        let items: [StockLedger.Line]
        let alertId: String?
        let note: String?
    }

    struct Supply: StrictRequestBody {
        static let fields: Set<String> = ["fromStoreId", "items", "alertId"]
        let fromStoreId: String
        let items: [StockLedger.Line]
        let alertId: String?
    }

    struct Counts: StrictRequestBody {
        static let fields: Set<String> = ["counts"]
        let counts: [StockTakes.Count]
    }

    struct ShelterChecks: StrictRequestBody {
        static let fields: Set<String> = ["signage", "lighting", "water", "power", "staffOnDuty", "lastInspectionOn"]
        let signage: Bool
        let lighting: Bool
        let water: Bool
        let power: Bool
        let staffOnDuty: Int
        let lastInspectionOn: String?
    }

    /// Relief-material stores and their ledger, stock-taking, and shelter readiness. Duty officers
    /// keep the stores; area officers also issue, supply shelters and record shelter checks.
    static func addStock(to router: Router<ServiceRequestContext>, ledger: StockLedger, takes: StockTakes, readiness: ShelterReadiness) {
        router.post("/v1/stores") { request, context -> EditedResponse<StockStore> in
            let staff = try context.staff(withRole: dutyOfficer)
            let body = try await request.decodeJSON(as: StoreRegistration.self, context: context)
            return EditedResponse(status: .created, response: try await ledger.createStore(
                storeId: body.storeId, name: body.name, kind: body.kind, areaCode: body.areaCode, shelterId: body.shelterId, by: staff))
        }
        router.get("/v1/stores") { _, context -> [StockStore] in
            _ = try context.staff(withAnyRole: readers)
            return try await ledger.stores()
        }
        router.get("/v1/stores/{storeId}/stock") { _, context -> [StockLevel] in
            _ = try context.staff(withAnyRole: readers)
            return try await ledger.levels(of: try context.parameters.require("storeId"))
        }
        router.get("/v1/stores/{storeId}/entries") { request, context -> Page<StockEntry> in
            _ = try context.staff(withAnyRole: readers)
            return try await ledger.entries(of: try context.parameters.require("storeId"), page: try PageRequest(query: request))
        }
        router.post("/v1/stores/{storeId}/receipts") { request, context -> EditedResponse<StockEntry> in
            let staff = try context.staff(withRole: dutyOfficer)
            let body = try await request.decodeJSON(as: Receipt.self, context: context)
            return EditedResponse(status: .created, response: try await ledger.receive(
                into: try context.parameters.require("storeId"), item: body.item, quantity: body.quantity, batchId: body.batchId,
                expiresOn: body.expiresOn, note: body.note, by: staff))
        }
        router.post("/v1/stores/{storeId}/issues") { request, context -> EditedResponse<[StockEntry]> in
            let staff = try context.staff(withAnyRole: officers)
            let body = try await request.decodeJSON(as: Issue.self, context: context)
            return EditedResponse(status: .created, response: try await ledger.issue(
                body.items, from: try context.parameters.require("storeId"), alertId: body.alertId, note: body.note, by: staff))
        }
        router.post("/v1/stock-transfers") { request, context -> EditedResponse<[StockEntry]> in
            let staff = try context.staff(withRole: dutyOfficer)
            let body = try await request.decodeJSON(as: Transfer.self, context: context)
            return EditedResponse(status: .created, response: try await ledger.transfer(
                body.items, from: body.fromStoreId, to: body.toStoreId, alertId: body.alertId, note: body.note, by: staff))
        }
        router.get("/v1/stock/expiring") { request, context -> [StockLedger.ExpiringBatch] in
            _ = try context.staff(withAnyRole: readers)
            guard let days = Int(request.uri.queryParameters.get("withinDays") ?? "30") else {
                throw Problem.invalidQuery("withinDays must be a number of days, 0 to 3650")
            }
            return try await ledger.expiring(within: days, today: CivilDate(Date()))
        }
        router.post("/v1/shelters/{shelterId}/supplies") { request, context -> EditedResponse<[StockEntry]> in
            let staff = try context.staff(withAnyRole: officers)
            let body = try await request.decodeJSON(as: Supply.self, context: context)
            return EditedResponse(status: .created, response: try await ledger.supply(
                shelterId: try context.parameters.require("shelterId"), body.items, from: body.fromStoreId, alertId: body.alertId, by: staff))
        }
        router.post("/v1/shelters/{shelterId}/checks") { request, context -> ShelterReadiness.Entry in
            let staff = try context.staff(withAnyRole: officers)
            let body = try await request.decodeJSON(as: ShelterChecks.self, context: context)
            return try await readiness.record(ShelterReadiness.Checks(
                signage: body.signage, lighting: body.lighting, water: body.water, power: body.power, staffOnDuty: body.staffOnDuty,
                lastInspectionOn: body.lastInspectionOn), for: try context.parameters.require("shelterId"), by: staff)
        }
        router.get("/v1/shelters/readiness") { request, context -> [ShelterReadiness.Entry] in
            _ = try context.staff(withAnyRole: readers)
            let area = request.uri.queryParameters.get("areaCode")
            return try await readiness.ranked(within: area.map { [$0] }, today: CivilDate(Date()))
        }
        router.post("/v1/stores/{storeId}/stock-takes") { _, context -> EditedResponse<StockTakes.Report> in
            let staff = try context.staff(withRole: dutyOfficer)
            return EditedResponse(status: .created, response: try await takes.open(storeId: try context.parameters.require("storeId"), by: staff))
        }
        router.get("/v1/stock-takes/{stockTakeId}") { _, context -> StockTakes.Report in
            _ = try context.staff(withAnyRole: readers)
            return try await takes.report(try context.parameters.require("stockTakeId"))
        }
        router.post("/v1/stock-takes/{stockTakeId}/counts") { request, context -> StockTakes.Report in
            let staff = try context.staff(withRole: dutyOfficer)
            let body = try await request.decodeJSON(as: Counts.self, context: context)
            return try await takes.record(body.counts, in: try context.parameters.require("stockTakeId"), by: staff)
        }
        router.post("/v1/stock-takes/{stockTakeId}/submission") { _, context -> StockTakes.Report in
            let staff = try context.staff(withRole: dutyOfficer)
            return try await takes.submit(try context.parameters.require("stockTakeId"), by: staff)
        }
        router.post("/v1/stock-takes/{stockTakeId}/approval") { _, context -> StockTakes.Report in
            let staff = try context.staff(withRole: dutyOfficer)
            return try await takes.approve(try context.parameters.require("stockTakeId"), by: staff)
        }
    }
}
