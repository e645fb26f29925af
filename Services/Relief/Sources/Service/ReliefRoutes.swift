import CivilDomain
import Contracts
import Foundation
import Hummingbird
import ServiceKit


/// The relief service's HTTP API (documented in ``ReliefOpenAPI``).
public enum ReliefRoutes {
    public static let financeOfficer: StaffRole = "finance-officer"
    static let readers: Set<StaffRole> = [financeOfficer, .approver, .auditor]

    /// What the routes work with.
    public struct Desks: Sendable {
        public let database: ServiceDatabase
        public let catalog: ProgramCatalog
        public let entitlements: EntitlementLedger
        public let payments: PaymentLedger
        public let payroll: PayrollDesk
        public let claims: MedicalClaims
        public let campaigns: CampaignRecipients
        public let facilities: CareFacilities
        public let reissues: PaymentReissues
        public let providers: CareProviders
        public let visits: CareVisits
        public let callBacks: CallBacks
        public let centres: CareCentres

        public init(database: ServiceDatabase, catalog: ProgramCatalog, releaseBatchSize: Int = 5000, callbackSharePercent: Int = 10) {
            self.database = database
            self.catalog = catalog
            entitlements = EntitlementLedger(database: database)
            payments = PaymentLedger(database: database)
            payroll = PayrollDesk(
                database: database, catalog: catalog, entitlements: entitlements, ledger: payments,
                releaseBatchSize: releaseBatchSize)
            claims = MedicalClaims(database: database, catalog: catalog, entitlements: entitlements)
            campaigns = CampaignRecipients(database: database, catalog: catalog)
            facilities = CareFacilities(database: database)
            reissues = PaymentReissues(database: database, ledger: payments)
            providers = CareProviders(database: database)
            visits = CareVisits(
                database: database, entitlements: entitlements,
                settlementPrograms: catalog.programs.filter { $0.kind == .careSettlement }.map(\.id))
            callBacks = CallBacks(database: database, sharePercent: callbackSharePercent)
            centres = CareCentres(database: database)
        }
    }

    struct ReissueRequest: StrictRequestBody {
        static let fields: Set<String> = ["reason"]
        let reason: String
    }

    struct RunRequest: StrictRequestBody {
        static let fields: Set<String> = ["program", "period", "payee"]
        let program: String
        let period: String
        /// A care settlement's one provider.
        let payee: String?
    }

    public static func add(to router: Router<ServiceRequestContext>, desks: Desks) {
        router.get("/v1/programs") { _, context -> ProgramCatalog in
            _ = try context.staff(withAnyRole: readers.union([.caseworker]))
            return desks.catalog
        }
        router.get("/v1/entitlements") { request, context -> Page<Entitlement> in
            _ = try context.staff(withAnyRole: readers)
            let month = try month(request, "month", required: true)!
            return try await desks.entitlements.entitlements(
                in: month, program: try benefit(request), page: try PageRequest(query: request))
        }
        addGrants(to: router, desks: desks)
        addRuns(to: router, desks: desks)
        addPayments(to: router, desks: desks)
        addHomeCare(to: router, desks: desks)
    }

    static func addRuns(to router: Router<ServiceRequestContext>, desks: Desks) {
        let payroll = desks.payroll
        router.post("/v1/payroll-runs") { request, context -> EditedResponse<PayrollRun> in
            let staff = try context.staff(withRole: financeOfficer)
            let body = try await request.decodeJSON(as: RunRequest.self, context: context)
            return EditedResponse(status: .created, response: try await payroll.draft(program: body.program, period: body.period, payee: body.payee, by: staff))
        }
        router.get("/v1/payroll-runs") { request, context -> [PayrollRun] in
            _ = try context.staff(withAnyRole: readers)
            return try await payroll.runs(program: request.uri.queryParameters.get("program"), period: try month(request, "period"))
        }
        router.get("/v1/payroll-runs/{runId}") { _, context -> PayrollRun in
            _ = try context.staff(withAnyRole: readers)
            return try await payroll.run(try context.parameters.require("runId"))
        }
        router.get("/v1/payroll-runs/{runId}/lines") { request, context -> Page<PayrollLine> in
            _ = try context.staff(withAnyRole: readers)
            return try await payroll.lines(try context.parameters.require("runId"), page: try PageRequest(query: request))
        }
        router.post("/v1/payroll-runs/{runId}/approval") { _, context -> PayrollRun in
            let staff = try context.staff(withRole: .approver)
            return try await payroll.approve(try context.parameters.require("runId"), by: staff)
        }
        router.post("/v1/payroll-runs/{runId}/release") { _, context -> PayrollRun in
            let staff = try context.staff(withRole: financeOfficer)
            return try await payroll.release(try context.parameters.require("runId"), by: staff)
        }
        router.post("/v1/payroll-runs/{runId}/cancellation") { _, context -> PayrollRun in
            let staff = try context.staff(withAnyRole: [financeOfficer, .approver])
            return try await payroll.cancel(try context.parameters.require("runId"), by: staff)
        }
        router.get("/v1/payroll-runs/{runId}/reconciliation") { _, context -> Reconciliation in
            _ = try context.staff(withAnyRole: readers)
            return try await payroll.reconciliation(try context.parameters.require("runId"))
        }
        router.post("/v1/payroll-runs/{runId}/reconciliation") { _, context -> PayrollRun in
            let staff = try context.staff(withRole: financeOfficer)
            return try await payroll.reconcile(try context.parameters.require("runId"), by: staff)
        }
        router.get("/v1/payroll-runs/{runId}/payments.csv") { _, context -> Response in
            _ = try context.staff(withAnyRole: readers)
            return try await paymentsExport(try context.parameters.require("runId"), desks: desks)
        }
    }

    /// A run's payments as the bank file the finance office checks (the API's and the console's export).
    static func paymentsExport(_ runId: String, desks: Desks) async throws -> Response {
        _ = try await desks.payroll.run(runId)
        let payments = try await desks.payments.payments(runId: runId)
        return try CSVExport.response(
            header: ["payment_id", "idempotency_key", "beneficiary_id", "household_id", "program", "period",
                     "amount_fen", "amount_yuan", "status", "failure_reason", "attempts"],
            rows: payments.map { payment in
                [payment.paymentId, payment.idempotencyKey, payment.beneficiaryId, payment.householdId,
                 payment.program, payment.period, String(payment.amountFen), CSVExport.yuan(payment.amountFen),
                 payment.status.rawValue, payment.failureReason ?? "", String(payment.attempts)]
            },
            filename: "\(runId)-payments.csv")
    }

    static func addPayments(to router: Router<ServiceRequestContext>, desks: Desks) {
        router.get("/v1/payments") { request, context -> Page<Payment> in
            _ = try context.staff(withAnyRole: readers)
            let beneficiary = request.uri.queryParameters.get("beneficiary")
            if let beneficiary, !PersonPseudonymizer.isPseudonym(beneficiary) {
                throw Problem.invalidQuery("beneficiary must be a person pseudonym (p_ and 32 hexadecimal digits)")
            }
            let program = try ledgerProgram(request, catalog: desks.catalog)
            let period = try month(request, "period")
            guard beneficiary != nil || (program != nil && period != nil) else {
                throw Problem.invalidQuery("give beneficiary, or program and period")
            }
            return try await desks.payments.payments(
                beneficiary: beneficiary, program: program, period: period, page: try PageRequest(query: request))
        }
        router.post("/v1/payments/{paymentId}/reissue") { request, context -> EditedResponse<PaymentReissues.Request> in
            let staff = try context.staff(withRole: financeOfficer)
            let body = try await request.decodeJSON(as: ReissueRequest.self, context: context)
            guard FreeText.isText(body.reason, maxLength: 500), !body.reason.isEmpty else {
                throw Problem.invalidBody("reason must be 1-500 characters of text", fields: ["reason": "1-500 characters"])
            }
            return EditedResponse(status: .accepted, response: try await desks.reissues.request(
                paymentId: try context.parameters.require("paymentId"), reason: body.reason, by: staff))
        }
        router.post("/v1/payments/{paymentId}/reissue/approval") { _, context -> Payment in
            let staff = try context.staff(withRole: financeOfficer)
            return try await desks.reissues.approve(paymentId: try context.parameters.require("paymentId"), by: staff)
        }
        router.post("/v1/medical-claims") { request, context -> EditedResponse<MedicalClaim> in
            let staff = try context.staff(withAnyRole: [financeOfficer, .caseworker])
            let body = try await request.decodeJSON(as: MedicalClaimRequest.self, context: context)
            return EditedResponse(status: .created, response: try await desks.claims.enter(body, by: staff))
        }
        router.get("/v1/reports/payments") { request, context -> PaymentTotals in
            _ = try context.staff(withAnyRole: readers)
            let (from, to) = try range(request)
            return try await PaymentTotals.compute(from: from, to: to, in: desks.database)
        }
        router.get("/v1/reports/payments.csv") { request, context -> Response in
            _ = try context.staff(withAnyRole: readers)
            let (from, to) = try range(request)
            let totals = try await PaymentTotals.compute(from: from, to: to, in: desks.database)
            return try CSVExport.response(
                header: ["program", "area_code", "person_times", "paid_fen", "paid_yuan"],
                rows: totals.rows.map { [$0.program, $0.areaCode, String($0.personTimes), String($0.paidFen), CSVExport.yuan($0.paidFen)] },
                filename: "payments-\(from)-\(to).csv")
        }
    }

    static func month(_ request: Request, _ name: String, required: Bool = false) throws(Problem) -> String? {
        guard let text = request.uri.queryParameters.get(name) else {
            if required { throw Problem.invalidQuery("\(name) is required (YYYY-MM)") }
            return nil
        }
        guard Month.isMonth(text) else { throw Problem.invalidQuery("\(name) must be YYYY-MM") }
        return text
    }

    static func benefit(_ request: Request) throws(Problem) -> BenefitProgram? {
        guard let text = request.uri.queryParameters.get("program") else { return nil }
        guard let program = BenefitProgram(rawValue: text) else { throw Problem.invalidQuery("unknown program '\(text)'") }
        return program
    }

    /// A `program` query naming a registration program or a campaign or facility program's id.
    static func ledgerProgram(_ request: Request, catalog: ProgramCatalog) throws(Problem) -> String? {
        guard let text = request.uri.queryParameters.get("program") else { return nil }
        guard BenefitProgram(rawValue: text) != nil || catalog.program(text)?.grantPayee != nil else {
            throw Problem.invalidQuery("unknown program '\(text)'")
        }
        return text
    }

    static func range(_ request: Request) throws(Problem) -> (String, String) {
        let from = try month(request, "from", required: true)!
        let to = try month(request, "to", required: true)!
        guard from <= to else { throw Problem.invalidQuery("from must not be after to") }
        return (from, to)
    }
}
