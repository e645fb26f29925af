import CivilDomain
import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension OrganizationsConsole {
    /// The queue, the filing form, a filing's page and its decisions.
    func addFilings(to router: Router<ServiceRequestContext>) {
        router.get("/console/filings") { request, context in
            await console.respond(request, context: context) {
                _ = try console.staff(context, anyOf: OrganizationsRoutes.readers)
                let queue = try await desk.queue(page: try PageRequest(query: request, defaultSize: 20))
                return console.page("filings", title: "待办登记（按法定时限排序）", [
                    "filings": queue.items.map(filingRow), "paging": ConsolePaging.links(queue, request: request), "today": today(),
                ], context: context)
            }
        }
        router.get("/console/filings/new") { request, context in
            await console.respond(request, context: context) {
                _ = try console.staff(context, anyOf: [OrganizationsRoutes.clerk])
                return console.page("filing-new", title: "受理登记申请", formValues, context: context)
            }
        }
        router.post("/console/filings") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: [OrganizationsRoutes.clerk])
                let form = try await console.form(request, context: context)
                do {
                    let body = try filingRequest(form)
                    let filing = try await desk.submit(
                        body.kind, organizationId: body.organizationId, details: body.details, documents: body.documents ?? [],
                        by: staff, today: today())
                    return Console.redirect(to: "/console/filings/\(filing.filingId)")
                } catch {
                    return console.refused(Console.problem(of: error, context: context), "filing-new", title: "受理登记申请",
                                           formValues, form: form, context: context)
                }
            }
        }
        router.get("/console/filings/{filingId}") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: OrganizationsRoutes.readers)
                return console.page("filing", title: "登记申请详情",
                                    try await filingValues(try context.parameters.require("filingId"), staff: staff), context: context)
            }
        }
        router.post("/console/filings/{filingId}/decisions") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: [OrganizationsRoutes.registrar])
                let id = try context.parameters.require("filingId")
                let form = try await console.form(request, context: context)
                do {
                    switch form["action"] {
                    case "accept": _ = try await desk.accept(id, by: staff)
                    case "approve": _ = try await desk.approve(id, by: staff, today: today())
                    case "return": _ = try await desk.returnForCorrection(id, reason: try reason(form), by: staff)
                    case "reject": _ = try await desk.reject(id, reason: try reason(form), by: staff)
                    default: throw Problem.invalidBody("choose a decision", fields: ["action": "accept, approve, return or reject"])
                    }
                    return Console.redirect(to: "/console/filings/\(id)")
                } catch {
                    return console.refused(Console.problem(of: error, context: context), "filing", title: "登记申请详情",
                                           try await filingValues(id, staff: staff), form: form, context: context)
                }
            }
        }
    }

    var formValues: [String: Any] {
        [
            "kinds": kindOptions, "organizationKinds": organizationKindOptions,
            "required": Filing.Kind.allCases.map { kind in
                ["kind": Self.kindLabels[kind] ?? kind.rawValue, "titles": (desk.policy.requiredDocuments[kind.rawValue] ?? []).joined(separator: "、")]
            },
        ]
    }

    /// The form as the API's filing body: the documents listed one per line, received today.
    func filingRequest(_ form: ConsoleForm) throws -> OrganizationsRoutes.FilingRequest {
        var details: [String: Any] = [:]
        for name in ["name", "domicileAreaCode", "legalRepresentative", "businessScope", "supervisingUnit"] {
            if let value = form[name] { details[name] = value }
        }
        if let kind = form["organizationKind"] { details["kind"] = kind }
        for name in ["startUpFundsFen", "year"] {
            guard let value = form[name] else { continue }
            guard let number = Int(value) else { throw Problem.invalidBody("\(name) must be a whole number", fields: [name: "a whole number"]) }
            details[name] = number
        }
        let documents = (form["documents"] ?? "").split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { ["title": $0, "receivedOn": today()] }
        var body: [String: Any] = ["kind": form["kind"] ?? "", "details": details, "documents": documents]
        if let organization = form["organizationId"] { body["organizationId"] = organization }
        return try Request.decodeJSONBody(
            OrganizationsRoutes.FilingRequest.self, from: try JSONSerialization.data(withJSONObject: body))
    }

    func reason(_ form: ConsoleForm) throws -> String {
        guard let reason = form["reason"] else {
            throw Problem.invalidBody("a return or a rejection needs its reason", fields: ["reason": "required"])
        }
        return reason
    }

    func filingValues(_ id: String, staff: StaffIdentity) async throws -> [String: Any] {
        let filing = try await desk.filing(id)
        let own = filing.submittedBy == staff.staffID || filing.resubmittedBy == staff.staffID
        let registrar = staff.roles.contains(OrganizationsRoutes.registrar) && !own
        var details: [[String: String]] = []
        if let kind = filing.details.kind { details.append(["label": "组织类型", "value": Self.organizationKinds[kind] ?? kind.rawValue]) }
        if let area = filing.details.domicileAreaCode { details.append(["label": "住所地区划", "value": area]) }
        if let person = filing.details.legalRepresentative { details.append(["label": "法定代表人", "value": person]) }
        if let scope = filing.details.businessScope { details.append(["label": "业务范围", "value": scope]) }
        if let fen = filing.details.startUpFundsFen { details.append(["label": "开办资金（元）", "value": ConsoleFormat.yuan(fen)]) }
        if let unit = filing.details.supervisingUnit { details.append(["label": "业务主管单位", "value": unit]) }
        if let year = filing.details.year { details.append(["label": "报告年度", "value": String(year)]) }
        return [
            "filing": filingRow(filing), "details": details, "own": own,
            "canAccept": registrar && filing.status == .submitted,
            "canApprove": registrar && filing.status == .accepted,
            "canDecide": registrar && [.submitted, .accepted].contains(filing.status),
        ]
    }
}
