import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The relief service's HTTP API (documented in ``ReliefOpenAPI``).
public enum ReliefRoutes {
    public static let financeOfficer: StaffRole = "finance-officer"
    static let readers: Set<StaffRole> = [financeOfficer, .approver, .auditor]

    public static func add(to router: Router<ServiceRequestContext>, ledger: EntitlementLedger) {
        router.get("/v1/entitlements") { request, context -> [Entitlement] in
            _ = try context.staff(withAnyRole: readers)
            let parameters = request.uri.queryParameters
            let month = parameters.get("month") ?? ""
            guard month.range(of: "^[0-9]{4}-(0[1-9]|1[0-2])$", options: .regularExpression) != nil else {
                throw Problem.invalidQuery("month must be YYYY-MM")
            }
            var program: BenefitProgram?
            if let text = parameters.get("program") {
                guard let value = BenefitProgram(rawValue: text) else {
                    throw Problem.invalidQuery("unknown program '\(text)'")
                }
                program = value
            }
            return try await ledger.entitlements(in: month, program: program)
        }
    }
}
