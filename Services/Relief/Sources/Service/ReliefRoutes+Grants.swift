import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension ReliefRoutes {
    /// A campaign's listed group and the care facilities: what campaign and facility runs pay.
    static func addGrants(to router: Router<ServiceRequestContext>, desks: Desks) {
        router.post("/v1/programs/{programId}/recipients") { request, context -> CampaignRecipients.Listing in
            let staff = try context.staff(withRole: financeOfficer)
            let body = try await request.decodeJSON(as: CampaignRecipients.ListRequest.self, context: context)
            return try await desks.campaigns.list(body, program: try context.parameters.require("programId"), by: staff)
        }
        router.get("/v1/programs/{programId}/recipients") { _, context -> [CampaignRecipients.Recipient] in
            _ = try context.staff(withAnyRole: readers)
            return try await desks.campaigns.recipients(program: try context.parameters.require("programId"))
        }
        router.put("/v1/facilities/{facilityId}") { request, context -> CareFacilities.Facility in
            let staff = try context.staff(withRole: financeOfficer)
            let body = try await request.decodeJSON(as: CareFacilities.RecordRequest.self, context: context)
            return try await desks.facilities.record(body, id: try context.parameters.require("facilityId"), by: staff)
        }
        router.get("/v1/facilities") { _, context -> [CareFacilities.Facility] in
            _ = try context.staff(withAnyRole: readers)
            return try await desks.facilities.facilities()
        }
    }
}

