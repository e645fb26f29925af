import CivilDomain
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The registration service's HTTP API (documented in ``RegistrationOpenAPI``).
public enum RegistrationRoutes {
    static let readers: Set<StaffRole> = [.caseworker, .approver, .auditor]

    public static func add(to router: Router<ServiceRequestContext>, register: Register, desk: ApplicationDesk) {
        addApplications(to: router, register: register, desk: desk)
        addQueries(to: router, register: register, standards: desk.standards)
        addStandardChanges(to: router, StandardChanges(database: register.database, desk: desk))
        addAssistanceNeeds(to: router, AssistanceNeedDrafts(database: register.database))
        router.post("/v1/households") { request, context -> EditedResponse<Household> in
            let staff = try context.staff(withRole: .caseworker)
            let body = try await request.decodeJSON(as: HouseholdRegistration.self, context: context)
            return EditedResponse(status: .created, response: try await register.households.open(body, by: staff))
        }
        router.get("/v1/households/{householdId}") { _, context -> Household in
            _ = try context.staff(withAnyRole: readers)
            return try await register.households.household(try context.parameters.require("householdId"))
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
        router.patch("/v1/residents/{residentId}") { request, context -> Resident in
            let staff = try context.staff(withRole: .caseworker)
            let body = try await request.decodeJSON(as: ResidentCorrection.self, context: context)
            return try await register.correct(try context.parameters.require("residentId"), body, by: staff)
        }
        router.get("/v1/residents/{residentId}/history") { _, context -> [ResidentChange] in
            _ = try context.staff(withAnyRole: readers)
            return try await register.history(of: try context.parameters.require("residentId"))
        }
        router.delete("/v1/residents/{residentId}") { request, context -> HTTPResponse.Status in
            let staff = try context.staff(withRole: .caseworker)
            let reasons = LifeEvents.RemovalReason.allCases.map(\.rawValue).joined(separator: ", ")
            guard let text = request.uri.queryParameters.get("reason"), let reason = LifeEvents.RemovalReason(rawValue: text) else {
                throw Problem.invalidQuery("reason is required: \(reasons)")
            }
            try await register.remove(try context.parameters.require("residentId"), because: reason, by: staff)
            return .noContent
        }
    }

    static func addApplications(to router: Router<ServiceRequestContext>, register: Register, desk: ApplicationDesk) {
        router.post("/v1/applications") { request, context -> EditedResponse<BenefitApplication> in
            let staff = try context.staff(withRole: .caseworker)
            let body = try await request.decodeJSON(as: ApplicationSubmission.self, context: context)
            return EditedResponse(status: .created, response: try await desk.submit(body, by: staff))
        }
        router.get("/v1/applications/{applicationId}") { _, context -> BenefitApplication in
            _ = try context.staff(withAnyRole: readers)
            return try await desk.application(try context.parameters.require("applicationId"))
        }
        router.post("/v1/applications/{applicationId}/submission") { request, context -> BenefitApplication in
            let staff = try context.staff(withRole: .caseworker)
            // A draft opened from a reported need has no amount yet: the caseworker sets it here.
            let body = try await request.decodeJSONIfPresent(as: DraftSubmission.self, context: context)
            return try await desk.submitDraft(
                try context.parameters.require("applicationId"), oneOffAmountFen: body?.oneOffAmountFen, by: staff)
        }
        router.post("/v1/applications/{applicationId}/decisions") { request, context -> BenefitApplication in
            let staff = try context.staff(withRole: .approver)
            let body = try await request.decodeJSON(as: DecisionRequest.self, context: context)
            return try await desk.decide(
                try context.parameters.require("applicationId"), body, by: staff, today: register.clock.today)
        }
        router.get("/v1/reviews") { request, context -> Page<BenefitApplication> in
            _ = try context.staff(withAnyRole: readers)
            guard let date = CivilDate(request.uri.queryParameters.get("dueOnOrBefore") ?? "") else {
                throw Problem.invalidQuery("dueOnOrBefore must be a date YYYY-MM-DD")
            }
            return try await desk.reviewsDue(onOrBefore: date, page: try PageRequest(query: request))
        }
    }

    static func addQueries(to router: Router<ServiceRequestContext>, register: Register, standards: MeansTest.Standards) {
        router.get("/v1/residents") { request, context -> ResidentPage in
            _ = try context.staff(withAnyRole: readers)
            let parameters = request.uri.queryParameters
            func invalid(_ detail: String) -> Problem {
                Problem.invalidQuery(detail)
            }
            var query = ResidentQuery()
            if let area = parameters.get("areaCode") {
                guard AreaCode(area) != nil else { throw invalid("areaCode must be 6, 9 or 12 digits (district, street, community)") }
                query.areaCode = area
            }
            for flag in (parameters.get("flags") ?? "").split(separator: ",") {
                guard let vulnerability = Vulnerability(rawValue: String(flag)) else {
                    throw invalid("unknown flag '\(flag)'; flags are \(Vulnerability.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                query.flags.insert(vulnerability)
            }
            if let program = parameters.get("program") {
                guard let value = BenefitProgram(rawValue: program) else { throw invalid("unknown program '\(program)'") }
                query.program = value
            }
            if let status = parameters.get("programStatus") {
                guard let value = BenefitApplication.Status(rawValue: status) else { throw invalid("unknown programStatus '\(status)'") }
                query.programStatus = value
            }
            let page = try PageRequest(query: request)
            (query.page, query.pageSize) = (page.page, page.pageSize)
            return try await register.residents(matching: query)
        }
        router.post("/v1/imports") { request, context -> ImportReport in
            let staff = try context.staff(withRole: .caseworker)
            let modeText = request.uri.queryParameters.get("mode") ?? ImportMode.dryRun.rawValue
            guard let mode = ImportMode(rawValue: modeText) else {
                throw Problem.invalidQuery("mode must be \(ImportMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard request.headers[.contentType]?.lowercased().hasPrefix("text/csv") == true else {
                throw Problem(.unsupportedMediaType, kind: "unsupported-media-type", title: "The body must be CSV",
                              detail: "send Content-Type: text/csv (UTF-8)")
            }
            let body: ByteBuffer
            do {
                let stream = request.body
                body = try await stream.collect(upTo: context.maxBodyBytes)
            } catch {
                throw Problem.bodyTooLarge(limit: context.maxBodyBytes)
            }
            let report = try await HouseholdImport(register: register).run(Data(buffer: body), mode: mode, by: staff)
            if mode == .allOrNothing && !report.errors.isEmpty {
                throw Problem(
                    .unprocessableContent, kind: "import-refused", title: "The file has bad rows; nothing was imported",
                    detail: "\(report.errors.count) of \(report.rows) rows are bad; fix them or import per-row",
                    extensions: ["errors": .fields(Dictionary(uniqueKeysWithValues: report.errors.map { (String($0.line), $0.reason) }))])
            }
            return report
        }
        router.get("/v1/reports/programs") { request, context -> ProgramReport in
            _ = try context.staff(withAnyRole: readers)
            let parameters = request.uri.queryParameters
            guard let from = CivilDate(parameters.get("from") ?? ""), let until = CivilDate(parameters.get("until") ?? ""),
                  from < until
            else { throw Problem.invalidQuery("from and until must be dates YYYY-MM-DD with from before until") }
            return try await ProgramReports(database: register.database, areas: register.areas, standards: standards)
                .report(from: from, until: until)
        }
    }
}
