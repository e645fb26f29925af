import CivilDomain
import Hummingbird
import ServiceKit

extension RegistrationRoutes {
    struct StandardChangeRequest: StrictRequestBody {
        static let fields: Set<String> = ["effectiveMonth"]
        let effectiveMonth: String
    }

    static func addStandardChanges(to router: Router<ServiceRequestContext>, _ changes: StandardChanges) {
        router.post("/v1/standard-changes") { request, context -> EditedResponse<StandardChanges.Proposal> in
            let staff = try context.staff(withRole: .caseworker)
            let body = try await request.decodeJSON(as: StandardChangeRequest.self, context: context)
            let month = try ApplicationDesk.validMonth(body.effectiveMonth)
            return EditedResponse(status: .created, response: try await changes.propose(effectiveMonth: month, by: staff))
        }
        router.get("/v1/standard-changes/{changeId}") { _, context -> StandardChanges.Proposal in
            _ = try context.staff(withAnyRole: readers)
            return try await changes.proposal(try context.parameters.require("changeId"))
        }
        router.get("/v1/standard-changes/{changeId}/lines") { request, context -> Page<StandardChanges.Line> in
            _ = try context.staff(withAnyRole: readers)
            return try await changes.lines(of: try context.parameters.require("changeId"), page: try PageRequest(query: request))
        }
        router.post("/v1/standard-changes/{changeId}/approval") { _, context -> StandardChanges.Proposal in
            let staff = try context.staff(withRole: .approver)
            return try await changes.apply(try context.parameters.require("changeId"), by: staff)
        }
    }
}
