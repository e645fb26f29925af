import CivilDomain
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The organizations service's HTTP API (documented in ``OrganizationsOpenAPI``). The register
/// (`/v1/register`) is public; filings need a clerk's or registrar's token.
public enum OrganizationsRoutes {
    public static let clerk: StaffRole = "clerk"
    public static let registrar: StaffRole = "registrar"
    static let readers: Set<StaffRole> = [clerk, registrar, .auditor]
    /// The public register, as API and as page: no token, limited per client.
    public static let publicPrefixes = ["/v1/register", "/console/register"]

    struct FilingRequest: StrictRequestBody {
        static let fields: Set<String> = ["kind", "organizationId", "details", "documents"]
        let kind: Filing.Kind
        let organizationId: String?
        let details: FilingDetails
        let documents: [FilingDocument]?
    }

    struct Resubmission: StrictRequestBody {
        static let fields: Set<String> = ["details", "documents"]
        let details: FilingDetails
        let documents: [FilingDocument]?
    }

    struct Reason: StrictRequestBody {
        static let fields: Set<String> = ["reason"]
        let reason: String
    }

    struct FilingCounts: ResponseEncodable {
        let from: String
        let to: String
        /// Approved filings per kind.
        let approved: [String: Int]
    }

    /// - Parameter today: `YYYY-MM-DD` in the bureau's time zone (a parameter so tests can fix the date).
    public static func add(to router: Router<ServiceRequestContext>, registrar desk: FilingDesk,
                           today: @escaping @Sendable () -> String = Self.today) {
        router.post("/v1/filings") { request, context -> EditedResponse<Filing> in
            let staff = try context.staff(withRole: clerk)
            let body = try await request.decodeJSON(as: FilingRequest.self, context: context)
            return EditedResponse(status: .created, response: try await desk.submit(
                body.kind, organizationId: body.organizationId, details: body.details, documents: body.documents ?? [],
                by: staff, today: today()))
        }
        router.get("/v1/filings/overdue") { _, context -> [Filing] in
            _ = try context.staff(withAnyRole: readers)
            return try await desk.overdue(today: today())
        }
        router.get("/v1/filings/{filingId}") { _, context -> Filing in
            _ = try context.staff(withAnyRole: readers)
            return try await desk.filing(try context.parameters.require("filingId"))
        }
        router.post("/v1/filings/{filingId}/resubmission") { request, context -> Filing in
            let staff = try context.staff(withRole: clerk)
            let body = try await request.decodeJSON(as: Resubmission.self, context: context)
            return try await desk.resubmit(try context.parameters.require("filingId"), details: body.details,
                                           documents: body.documents ?? [], by: staff, today: today())
        }
        router.post("/v1/filings/{filingId}/acceptance") { _, context -> Filing in
            let staff = try context.staff(withRole: registrar)
            return try await desk.accept(try context.parameters.require("filingId"), by: staff)
        }
        router.post("/v1/filings/{filingId}/return") { request, context -> Filing in
            let staff = try context.staff(withRole: registrar)
            let body = try await request.decodeJSON(as: Reason.self, context: context)
            return try await desk.returnForCorrection(try context.parameters.require("filingId"), reason: body.reason, by: staff)
        }
        router.post("/v1/filings/{filingId}/approval") { _, context -> Filing in
            let staff = try context.staff(withRole: registrar)
            return try await desk.approve(try context.parameters.require("filingId"), by: staff, today: today())
        }
        router.post("/v1/filings/{filingId}/rejection") { request, context -> Filing in
            let staff = try context.staff(withRole: registrar)
            let body = try await request.decodeJSON(as: Reason.self, context: context)
            return try await desk.reject(try context.parameters.require("filingId"), reason: body.reason, by: staff)
        }
        router.post("/v1/organizations/{organizationId}/revocation") { request, context -> Organization in
            let staff = try context.staff(withRole: registrar)
            let body = try await request.decodeJSON(as: Reason.self, context: context)
            return try await desk.register.revoke(try context.parameters.require("organizationId"), reason: body.reason, by: staff)
        }
        router.get("/v1/reports/filings") { request, context -> FilingCounts in
            _ = try context.staff(withAnyRole: readers)
            let (from, to) = (request.uri.queryParameters.get("from") ?? "", request.uri.queryParameters.get("to") ?? "")
            guard let first = CivilDate(from), let last = CivilDate(to) else { throw Problem.invalidQuery("from and to must be YYYY-MM-DD") }
            return FilingCounts(from: from, to: to, approved: try await desk.approvedFilingCounts(from: first, to: last))
        }
        router.get("/v1/register") { request, _ -> [PublicRegisterEntry.Organization] in
            let parameters = request.uri.queryParameters
            var search = RegisterSearch(nameFragment: parameters.get("name"), creditCode: parameters.get("code"),
                                        areaCode: parameters.get("area"))
            if let kind = parameters.get("kind") {
                guard let value = Organization.Kind(rawValue: kind) else { throw Problem.invalidQuery("unknown kind '\(kind)'") }
                search.kind = value
            }
            if let status = parameters.get("status") {
                guard let value = Organization.Status(rawValue: status) else { throw Problem.invalidQuery("unknown status '\(status)'") }
                search.status = value
            }
            if let area = search.areaCode, AreaCode(area) == nil {
                throw Problem.invalidQuery("area must be 6, 9 or 12 digits (district, street, community)")
            }
            if let name = search.nameFragment, !FreeText.isLine(name, maxLength: 64) {
                throw Problem.invalidQuery("name must be 1 to 64 characters of a name")
            }
            if let code = search.creditCode {
                do { _ = try CreditCode(code) } catch { throw Problem.invalidQuery("code: \(error)") }
            }
            return try await desk.register.search(search).map(PublicRegisterEntry.Organization.init)
        }
        router.get("/v1/register/{organizationId}") { _, context -> PublicRegisterEntry in
            let (organization, history) = try await desk.register.organization(try context.parameters.require("organizationId"))
            return PublicRegisterEntry(organization, history: history)
        }
    }

    /// Today in the bureau's time zone, from ``BureauClock``.
    @Sendable public static func today() -> String { BureauClock.system.today.description }
}
