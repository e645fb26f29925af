import CivilDomain
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The alert service's HTTP API (documented in ``AlertsOpenAPI``). Duty officers issue and
/// approve alerts; area officers record answers, visit the vulnerable and run the shelters; the
/// SMS and call gateways report answers.
public enum AlertsRoutes {
    public static let dutyOfficer: StaffRole = "duty-officer"
    public static let areaOfficer: StaffRole = "area-officer"
    public static let gateway: StaffRole = "notification-gateway"
    static let officers: Set<StaffRole> = [dutyOfficer, areaOfficer]
    static let readers: Set<StaffRole> = [dutyOfficer, areaOfficer, .auditor]

    /// The desks the routes work on.
    public struct Desks: Sendable {
        public let alerts: AlertDesk
        public let acknowledgements: AcknowledgementDesk
        public let shelters: ShelterDesk
        public let followUp: FollowUpAccess
        /// The public address the CAP feed links to; nil: the request's host.
        public let feedBaseURL: String?
        /// The SMS gateway's delivery reports; without a gateway (no key) every report is refused.
        public let deliveryReports: SMSDeliveryReports
        public let stock: StockLedger
        public let stockTakes: StockTakes
        public let readiness: ShelterReadiness

        /// - Parameter followUpGrace: how long after an alert ends its officers still see whom to visit.
        public init(
            database: ServiceDatabase, areas: AlertAreas, materials: MaterialCatalog, approvalSeverities: Set<String>,
            followUpGrace: TimeInterval = 48 * 3600, feedBaseURL: String? = nil, smsCallbackKey: String? = nil
        ) {
            alerts = AlertDesk(database: database, areas: areas, approvalSeverities: approvalSeverities)
            acknowledgements = AcknowledgementDesk(database: database)
            shelters = ShelterDesk(database: database, areas: areas)
            followUp = FollowUpAccess(areas: areas, grace: followUpGrace)
            self.feedBaseURL = feedBaseURL
            deliveryReports = SMSDeliveryReports(database: database, key: smsCallbackKey ?? "")
            stock = StockLedger(database: database, catalog: materials, areas: areas)
            stockTakes = StockTakes(ledger: stock)
            readiness = ShelterReadiness(database: database, catalog: materials, areas: areas)
        }
    }

    struct Answer: StrictRequestBody {
        static let fields: Set<String> = ["recipientId", "response", "shelterId", "notificationId", "needCategory"]
        let recipientId: String
        let response: NotificationAcknowledged.Response
        let shelterId: String?
        let notificationId: String?
        /// What a household needing help lacks (an officer's visit report); only with needs-help.
        let needCategory: AssistanceNeeded.Category?
    }

    struct Person: StrictRequestBody {
        static let fields: Set<String> = ["personId"]
        let personId: String

        /// Shelters record pseudonyms only: never an identity number or a name in their place.
        func requirePseudonym() throws(Problem) {
            guard PersonPseudonymizer.isPseudonym(personId) else {
                throw Problem.invalidBody("personId must be a person's pseudonym (p_ and 32 hexadecimal digits)",
                                          fields: ["personId": "not a pseudonym"])
            }
        }
    }

    struct CheckIn: StrictRequestBody {
        static let fields: Set<String> = ["personId", "alertId", "homeDamaged"]
        let personId: String
        /// The alert the person was moved for; needed to report a damaged home.
        let alertId: String?
        /// The person's home is damaged: the household's need goes to registration.
        let homeDamaged: Bool?
    }

    struct ShelterRegistration: StrictRequestBody {
        static let fields: Set<String> = [
            "shelterId", "name", "areaCode", "capacity", "open", "location", "managerStaffId", "managerPhone",
        ]
        let shelterId: String
        let name: String
        let areaCode: String
        let capacity: Int
        let open: Bool?
        let location: GeoPoint
        let managerStaffId: String?
        let managerPhone: String?
    }

    public static func add(to router: Router<ServiceRequestContext>, desks: Desks) {
        addAlerts(to: router, desks: desks)
        addShelters(to: router, desks.shelters)
        addStock(to: router, ledger: desks.stock, takes: desks.stockTakes, readiness: desks.readiness)
        addFeed(to: router, alerts: desks.alerts, baseURL: desks.feedBaseURL)
        // Routed always, so the API is the same whatever the configuration.
        addDeliveryReports(to: router, reports: desks.deliveryReports)
    }

    private static func addAlerts(to router: Router<ServiceRequestContext>, desks: Desks) {
        router.post("/v1/alerts") { request, context -> EditedResponse<StoredAlert> in
            let staff = try context.staff(withRole: dutyOfficer)
            let cap = try await request.decodeCAP(context: context)
            do {
                return EditedResponse(status: .created, response: try await desks.alerts.submit(cap, by: staff))
            } catch let error as CAPError {
                throw Problem.invalidCAP(error)
            }
        }
        router.get("/v1/alerts") { _, context -> [StoredAlert] in
            _ = try context.staff(withAnyRole: readers)
            return try await desks.alerts.recent()
        }
        router.get("/v1/alerts/{alertId}") { _, context -> StoredAlert in
            _ = try context.staff(withAnyRole: readers)
            return try await desks.alerts.alert(try context.parameters.require("alertId"))
        }
        router.get("/v1/alerts/{alertId}/cap") { _, context -> Response in
            _ = try context.staff(withAnyRole: readers)
            let alert = try await desks.alerts.alert(try context.parameters.require("alertId"))
            return Response(
                status: .ok, headers: [.contentType: "application/cap+xml; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: CAPXMLWriter.write(alert.cap))))
        }
        router.post("/v1/alerts/{alertId}/approval") { _, context -> StoredAlert in
            let staff = try context.staff(withRole: dutyOfficer)
            return try await desks.alerts.approve(try context.parameters.require("alertId"), by: staff)
        }
        router.get("/v1/alerts/{alertId}/areas") { _, context -> [AcknowledgementDesk.AreaStatus] in
            _ = try context.staff(withAnyRole: readers)
            let alert = try await desks.alerts.alert(try context.parameters.require("alertId"))
            let shelters = Dictionary(grouping: try await desks.readiness.ranked(within: alert.areaCodes, today: CivilDate(Date())), by: \.areaCode)
            return try await desks.acknowledgements.status(of: alert).map { status in
                var status = status
                status.shelters = shelters[status.areaCode] ?? []
                return status
            }
        }
        router.get("/v1/alerts/{alertId}/timeline") { request, context -> AlertTimeline in
            _ = try context.staff(withAnyRole: readers)
            guard let minutes = Int(request.uri.queryParameters.get("bucketMinutes") ?? "15") else {
                throw Problem.invalidQuery("bucketMinutes must be a number of minutes, 1 to 1440")
            }
            let alert = try await desks.alerts.alert(try context.parameters.require("alertId"))
            return try await AlertTimeline.make(
                for: alert, statuses: try await desks.acknowledgements.status(of: alert), areas: desks.followUp.areas, bucketMinutes: minutes,
                database: desks.acknowledgements.database)
        }
        router.get("/v1/alerts/{alertId}/drill") { _, context -> DrillReport in
            _ = try context.staff(withAnyRole: readers)
            let alert = try await desks.alerts.alert(try context.parameters.require("alertId"))
            return try await DrillReport.make(for: alert, areas: desks.followUp.areas, database: desks.acknowledgements.database)
        }
        router.get("/v1/alerts/{alertId}/areas/{areaCode}/visits") { request, context -> Page<AcknowledgementDesk.Visit> in
            let staff = try context.staff(withAnyRole: officers)
            let page = try PageRequest(query: request)
            let alert = try await desks.alerts.alert(try context.parameters.require("alertId"))
            let areaCode = try context.parameters.require("areaCode")
            try desks.followUp.check(staff, areaCode: areaCode, alert: alert, replacement: try await desks.alerts.replacement(of: alert))
            return try await desks.acknowledgements.visits(alertId: alert.identifier, areaCode: areaCode, page: page)
        }
        router.post("/v1/alerts/{alertId}/acknowledgements") { request, context -> EditedResponse<NotificationAcknowledged> in
            let staff = try context.staff(withAnyRole: officers.union([gateway]))
            let body = try await request.decodeJSON(as: Answer.self, context: context)
            let alertId = try context.parameters.require("alertId")
            _ = try await desks.alerts.alert(alertId)
            let areas = desks.followUp.areas
            guard PersonPseudonymizer.isPseudonym(body.recipientId) || areas.isOfficer(body.recipientId) else {
                throw Problem.invalidBody(
                    "recipientId must be a person's pseudonym (p_ and 32 hexadecimal digits) or an officer's staff id",
                    fields: ["recipientId": "not a pseudonym or an officer"])
            }
            if body.needCategory != nil, body.response != .needsHelp {
                throw Problem.invalidBody("needCategory is given only with response needs-help", fields: ["needCategory": "needs-help only"])
            }
            // An area officer answers for the residents of their own areas only (and for themselves, in a drill).
            if staff.roles.isDisjoint(with: [dutyOfficer, gateway]), body.recipientId != staff.staffID {
                guard let area = try await desks.acknowledgements.areaCode(ofRecipient: body.recipientId) else {
                    throw NotFound("no resident '\(body.recipientId)' in the directory")
                }
                guard areas.isAssigned(area, to: staff.staffID) else { throw FollowUpRefusal.areaNotAssigned(area, staffID: staff.staffID) }
            }
            return EditedResponse(status: .created, response: try await desks.acknowledgements.record(
                alertId: alertId, recipientId: body.recipientId, response: body.response,
                shelterId: body.shelterId, notificationId: body.notificationId, need: body.needCategory,
                source: staff.roles.contains(gateway) ? .acknowledgement : .visitReport, by: staff))
        }
    }

    private static func addShelters(to router: Router<ServiceRequestContext>, _ shelters: ShelterDesk) {
        router.post("/v1/shelters") { request, context -> EditedResponse<Shelter> in
            let staff = try context.staff(withAnyRole: officers)
            let body = try await request.decodeJSON(as: ShelterRegistration.self, context: context)
            return EditedResponse(status: .created, response: try await shelters.register(ShelterDesk.Registration(
                shelterId: body.shelterId, name: body.name, areaCode: body.areaCode, capacity: body.capacity,
                open: body.open ?? true, location: body.location, managerStaffId: body.managerStaffId,
                managerPhone: body.managerPhone), by: staff))
        }
        router.get("/v1/shelters") { request, context -> [Shelter] in
            _ = try context.staff(withAnyRole: readers)
            return try await shelters.shelters(within: request.uri.queryParameters.get("areaCode"))
        }
        router.get("/v1/shelters/occupancy") { _, context -> [ShelterDesk.AreaOccupancy] in
            _ = try context.staff(withAnyRole: readers)
            return try await shelters.occupancyByArea()
        }
        router.get("/v1/shelters/{shelterId}") { _, context -> Shelter in
            _ = try context.staff(withAnyRole: readers)
            return try await shelters.shelter(try context.parameters.require("shelterId"))
        }
        router.post("/v1/shelters/{shelterId}/opening") { _, context -> Shelter in
            let staff = try context.staff(withAnyRole: officers)
            return try await shelters.setOpen(try context.parameters.require("shelterId"), true, by: staff)
        }
        router.post("/v1/shelters/{shelterId}/closing") { _, context -> Shelter in
            let staff = try context.staff(withAnyRole: officers)
            return try await shelters.setOpen(try context.parameters.require("shelterId"), false, by: staff)
        }
        router.post("/v1/shelters/{shelterId}/check-ins") { request, context -> EditedResponse<Shelter> in
            let staff = try context.staff(withAnyRole: officers)
            let body = try await request.decodeJSON(as: CheckIn.self, context: context)
            try Person(personId: body.personId).requirePseudonym()
            if body.homeDamaged == true, body.alertId == nil {
                throw Problem.invalidBody("a damaged home is reported with the alertId it happened in", fields: ["alertId": "required with homeDamaged"])
            }
            return EditedResponse(status: .created, response: try await shelters.checkIn(
                body.personId, to: try context.parameters.require("shelterId"),
                homeDamagedDuring: body.homeDamaged == true ? body.alertId : nil, by: staff))
        }
        router.post("/v1/shelters/{shelterId}/check-outs") { request, context -> Shelter in
            let staff = try context.staff(withAnyRole: officers)
            let body = try await request.decodeJSON(as: Person.self, context: context)
            try body.requirePseudonym()
            return try await shelters.checkOut(body.personId, from: try context.parameters.require("shelterId"), by: staff)
        }
    }
}
