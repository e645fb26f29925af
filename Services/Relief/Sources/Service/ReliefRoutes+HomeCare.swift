import CivilDomain
import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension ReliefRoutes {
    /// The care office: contracts providers and runs the call-backs.
    public static let careOfficer: StaffRole = "care-officer"
    /// A provider's own token: its staff id is its organization id.
    public static let careProvider: StaffRole = "care-provider"
    static let careReaders: Set<StaffRole> = readers.union([careOfficer])

    struct ProviderContract: StrictRequestBody {
        static let fields: Set<String> = ["providerId", "hourlyRatesFen", "areas", "contractFrom", "contractUntil"]
        let providerId: String
        let hourlyRatesFen: [String: Int]
        let areas: [String]
        let contractFrom: String
        let contractUntil: String
    }

    struct VisitReport: StrictRequestBody {
        static let fields: Set<String> = ["personId", "serviceType", "startedAt", "endedAt", "staffMember", "location"]
        let personId: String
        let serviceType: String
        let startedAt: Date
        let endedAt: Date
        let staffMember: String
        let location: CareVisits.Location?

        var report: CareVisits.Report {
            CareVisits.Report(personId: personId, serviceType: serviceType, startedAt: startedAt, endedAt: endedAt,
                              staffMember: staffMember, location: location)
        }
    }

    struct VisitBatch: StrictRequestBody {
        static let fields: Set<String> = ["visits"]
        let visits: [VisitReport]
    }

    struct CentreRecord: StrictRequestBody {
        static let fields: Set<String> = ["areaCode", "starRating", "canteen", "openedOn"]
        let areaCode: String
        let starRating: Int
        let canteen: Bool
        let openedOn: String
    }

    struct MealCount: StrictRequestBody {
        static let fields: Set<String> = ["free", "lowCost", "paid"]
        let free: Int
        let lowCost: Int
        let paid: Int
    }

    struct Draw: StrictRequestBody {
        static let fields: Set<String> = ["month"]
        let month: String
    }

    struct CallOutcome: StrictRequestBody {
        static let fields: Set<String> = ["reached", "satisfaction", "complaint", "disputed"]
        let reached: Bool
        let satisfaction: Int?
        let complaint: String?
        let disputed: Bool?
    }

    /// Purchased home care: providers, their visits, call-backs and the report. Settlement is a
    /// payroll run of the catalog's care-settlement program.
    static func addHomeCare(to router: Router<ServiceRequestContext>, desks: Desks) {
        router.post("/v1/care-providers") { request, context -> EditedResponse<CareProviders.Provider> in
            let staff = try context.staff(withRole: careOfficer)
            let body = try await request.decodeJSON(as: ProviderContract.self, context: context)
            return EditedResponse(status: .created, response: try await desks.providers.contract(CareProviders.Contract(
                providerId: body.providerId, hourlyRatesFen: body.hourlyRatesFen, areas: body.areas, contractFrom: body.contractFrom,
                contractUntil: body.contractUntil), by: staff))
        }
        router.get("/v1/care-providers") { _, context -> [CareProviders.Provider] in
            _ = try context.staff(withAnyRole: careReaders)
            return try await desks.providers.all()
        }
        router.post("/v1/care-visits") { request, context -> EditedResponse<CareVisits.Visit> in
            let provider = try context.staff(withRole: careProvider)
            let body = try await request.decodeJSON(as: VisitReport.self, context: context)
            return EditedResponse(status: .created, response: try await desks.visits.record(body.report, providerId: provider.staffID, by: provider))
        }
        router.post("/v1/care-visits/batch") { request, context -> [CareVisits.Outcome] in
            let provider = try context.staff(withRole: careProvider)
            let body = try await request.decodeJSON(as: VisitBatch.self, context: context)
            return try await desks.visits.record(bulk: body.visits.map(\.report), providerId: provider.staffID, by: provider)
        }
        router.get("/v1/care-visits") { request, context -> Page<CareVisits.Visit> in
            let staff = try context.staff(withAnyRole: careReaders.union([careProvider]))
            // A provider sees its own visits only.
            let provider = staff.roles.contains(careProvider) && staff.roles.isDisjoint(with: careReaders)
                ? staff.staffID : request.uri.queryParameters.get("providerId")
            return try await desks.visits.visits(providerId: provider, month: try month(request, "month"), page: try PageRequest(query: request))
        }
        router.post("/v1/call-backs/draws") { request, context -> [CallBacks.CallBack] in
            _ = try context.staff(withRole: careOfficer)
            let body = try await request.decodeJSON(as: Draw.self, context: context)
            return try await desks.callBacks.draw(month: body.month)
        }
        router.get("/v1/call-backs") { request, context -> [CallBacks.CallBack] in
            _ = try context.staff(withAnyRole: careReaders)
            return try await desks.callBacks.callBacks(month: try month(request, "month", required: true))
        }
        router.post("/v1/call-backs/{visitId}") { request, context -> CallBacks.CallBack in
            let staff = try context.staff(withRole: careOfficer)
            let body = try await request.decodeJSON(as: CallOutcome.self, context: context)
            return try await desks.callBacks.record(
                CallBacks.Outcome(reached: body.reached, satisfaction: body.satisfaction, complaint: body.complaint, disputed: body.disputed ?? false),
                visitId: try context.parameters.require("visitId"), by: staff)
        }
        router.put("/v1/care-centres/{centreId}") { request, context -> CareCentres.Centre in
            let staff = try context.staff(withRole: careOfficer)
            let body = try await request.decodeJSON(as: CentreRecord.self, context: context)
            return try await desks.centres.record(
                centreId: try context.parameters.require("centreId"), areaCode: body.areaCode, starRating: body.starRating, canteen: body.canteen,
                openedOn: body.openedOn, by: staff)
        }
        router.get("/v1/care-centres") { _, context -> [CareCentres.Centre] in
            _ = try context.staff(withAnyRole: careReaders)
            return try await desks.centres.all()
        }
        router.put("/v1/care-centres/{centreId}/meals/{month}") { request, context -> CareCentres.Meals in
            let staff = try context.staff(withRole: careOfficer)
            let body = try await request.decodeJSON(as: MealCount.self, context: context)
            return try await desks.centres.record(meals: CareCentres.Meals(
                centreId: try context.parameters.require("centreId"), month: try context.parameters.require("month"), free: body.free,
                lowCost: body.lowCost, paid: body.paid), by: staff)
        }
        router.get("/v1/reports/home-care") { request, context -> HomeCareReport in
            _ = try context.staff(withAnyRole: careReaders)
            return try await HomeCareReport.make(
                from: try month(request, "from", required: true)!, until: try month(request, "until", required: true)!,
                entitlements: desks.entitlements, callBacks: desks.callBacks, database: desks.database)
        }
    }
}
