import Hummingbird
import ServiceKit

/// The registration service's HTTP API (documented in ``RegistrationOpenAPI``).
public enum RegistrationRoutes {
    static let readers: Set<StaffRole> = [.caseworker, .approver, .auditor]

    public static func add(to router: Router<ServiceRequestContext>, register: Register) {
        router.post("/v1/households") { request, context -> EditedResponse<Household> in
            let staff = try context.staff(withRole: .caseworker)
            let body = try await request.decodeJSON(as: HouseholdRegistration.self, context: context)
            return EditedResponse(status: .created, response: try await register.openHousehold(body, by: staff))
        }
        router.get("/v1/households/{householdId}") { _, context -> Household in
            _ = try context.staff(withAnyRole: readers)
            return try await register.household(try context.parameters.require("householdId"))
        }
        router.post("/v1/residents") { request, context -> EditedResponse<RegisteredResident> in
            let staff = try context.staff(withRole: .caseworker)
            let body = try await request.decodeJSON(as: ResidentRegistration.self, context: context)
            return EditedResponse(status: .created, response: try await register.register(body, by: staff))
        }
        router.get("/v1/residents/{residentId}") { _, context -> Resident in
            _ = try context.staff(withAnyRole: readers)
            return try await register.resident(try context.parameters.require("residentId"))
        }
        router.delete("/v1/residents/{residentId}") { _, context -> HTTPResponse.Status in
            let staff = try context.staff(withRole: .caseworker)
            try await register.remove(try context.parameters.require("residentId"), by: staff)
            return .noContent
        }
    }
}
