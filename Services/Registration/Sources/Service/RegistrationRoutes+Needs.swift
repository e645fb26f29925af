import Contracts
import Hummingbird
import ServiceKit

extension RegistrationRoutes {
    /// The households reported in need during an alert, with their draft emergency-relief
    /// applications, for caseworkers to take up by alert and area.
    static func addAssistanceNeeds(to router: Router<ServiceRequestContext>, _ needs: AssistanceNeedDrafts) {
        router.get("/v1/assistance-needs") { request, context -> Page<AssistanceNeedDrafts.Need> in
            _ = try context.staff(withAnyRole: readers)
            let areaCode = request.uri.queryParameters.get("areaCode")
            if let areaCode, areaCode.range(of: "^[0-9]{6,12}$", options: .regularExpression) == nil {
                throw Problem.invalidQuery("areaCode must be 6 to 12 digits")
            }
            return try await needs.needs(
                alertId: request.uri.queryParameters.get("alertId"), areaCode: areaCode, page: try PageRequest(query: request))
        }
    }
}
