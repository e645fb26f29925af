import CivilDomain
import Contracts
import Hummingbird
import ServiceKit

extension RegistrationConsole {
    /// The application form (with the means test's figures before submitting), an application's
    /// page with its decision buttons, the approvers' queue and the reviews due.
    func addApplications(to router: Router<ServiceRequestContext>) {
        router.get("/console/applications/new") { request, context in
            await console.respond(request, context: context) {
                _ = try console.staff(context, anyOf: [.caseworker])
                guard let householdId = request.uri.queryParameters.get("householdId") else {
                    throw Problem.invalidQuery("choose a household first")
                }
                var values = try await applicationFormValues(householdId)
                values["form"] = ["beneficiaryResidentId": request.uri.queryParameters.get("residentId") ?? ""]
                return console.page("application-new", title: "救助申请", values, context: context)
            }
        }
        router.post("/console/applications") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: [.caseworker])
                let form = try await console.form(request, context: context)
                let householdId = form["householdId"] ?? ""
                var values = try await applicationFormValues(householdId)
                values["form"] = form.fields
                do {
                    let submission = try form.decode(
                        ApplicationSubmission.self, text: ["householdId", "beneficiaryResidentId", "program"],
                        numbers: ["householdMonthlyIncomeFen", "oneOffAmountFen", "monthlyAmountFen"])
                    if let income = submission.householdMonthlyIncomeFen, submission.program == .dibao {
                        values["meansTest"] = try await meansTestValues(householdId, income: income)
                    }
                    guard form["intent"] == "submit" else {
                        return console.page("application-new", title: "救助申请", values, context: context)
                    }
                    let application = try await desk.submit(submission, by: staff)
                    return Console.redirect(to: "/console/applications/\(application.applicationId)?submitted=1")
                } catch {
                    return console.refused(Console.problem(of: error, context: context), "application-new", title: "救助申请",
                                           values, form: form, context: context)
                }
            }
        }
        router.get("/console/applications/{applicationId}") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: RegistrationRoutes.readers)
                var values = try await applicationValues(try context.parameters.require("applicationId"), viewer: staff)
                if request.uri.queryParameters.get("submitted") != nil { values["notice"] = "申请已提交，等待另一位审批人审批。" }
                if request.uri.queryParameters.get("decided") != nil { values["notice"] = "审批已记录。" }
                return console.page("application", title: "申请详情", values, context: context)
            }
        }
        router.post("/console/applications/{applicationId}/decisions") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: [.approver])
                let id = try context.parameters.require("applicationId")
                let form = try await console.form(request, context: context)
                do {
                    let decision = try form.decode(
                        DecisionRequest.self, text: ["action", "reason", "effectiveMonth"], numbers: ["householdMonthlyIncomeFen"])
                    _ = try await desk.decide(id, decision, by: staff, today: register.clock.today)
                    return Console.redirect(to: "/console/applications/\(id)?decided=1")
                } catch {
                    return console.refused(Console.problem(of: error, context: context), "application", title: "申请详情",
                                           try await applicationValues(id, viewer: staff), form: form, context: context)
                }
            }
        }
        router.get("/console/approvals") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: RegistrationRoutes.readers)
                let page = try PageRequest(query: request, defaultSize: 20)
                let queue = try await desk.applications(in: .submitted, page: page)
                return console.page("approvals", title: "审批队列", [
                    "applications": queue.items.map { applicationRow($0, viewer: staff) },
                    "isApprover": staff.roles.contains(.approver),
                    "paging": ConsolePaging.links(queue, request: request),
                ], context: context)
            }
        }
        router.get("/console/reviews") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: RegistrationRoutes.readers)
                let page = try PageRequest(query: request, defaultSize: 20)
                let today = register.clock.today
                let horizon = today.adding(days: 30) ?? today
                let due = try await desk.reviewsDue(onOrBefore: horizon, page: page)
                return console.page("reviews", title: "待复核（30天内到期）", [
                    "applications": due.items.map { applicationRow($0, viewer: staff) },
                    "paging": ConsolePaging.links(due, request: request),
                ], context: context)
            }
        }
    }

    func applicationFormValues(_ householdId: String) async throws -> [String: Any] {
        let household = try await register.households.household(householdId)
        return [
            "householdId": household.householdId, "area": areaName(household.areaCode),
            "members": household.members.map { ["residentId": $0.residentId, "name": $0.name, "relationship": $0.relationship] },
            "programs": RegistrationLabels.programs,
        ]
    }

    func applicationValues(_ id: String, viewer: StaffIdentity) async throws -> [String: Any] {
        let application = try await desk.application(id)
        let beneficiary = try await register.resident(application.beneficiaryResidentId)
        var values: [String: Any] = [
            "application": applicationRow(application, viewer: viewer), "beneficiary": beneficiary.name,
            "canDecide": application.status == .submitted && viewer.roles.contains(.approver) && application.submittedBy != viewer.staffID,
            "ownSubmission": application.status == .submitted && application.submittedBy == viewer.staffID,
            // Life events end or pause a benefit through a decision like any other, by a second person.
            "canChange": [.active, .suspended].contains(application.status) && viewer.roles.contains(.approver)
                && application.submittedBy != viewer.staffID,
            "isActive": application.status == .active, "isSuspended": application.status == .suspended,
            "isDibao": application.program == .dibao,
        ]
        if application.program == .dibao, let income = application.householdMonthlyIncomeFen {
            values["meansTest"] = try await meansTestValues(application.householdId, income: income)
        }
        return values
    }

    /// The means test as the approval will compute it: the standard, income per member, top-up.
    func meansTestValues(_ householdId: String, income: Int) async throws -> [String: Any] {
        let (test, kind) = try await desk.assessment(householdId: householdId, income: income, month: register.clock.today.month)
        return [
            "standard": ConsoleFormat.yuan(test.standardFen), "kind": kind == .urban ? "城市" : "农村", "members": test.members,
            "income": ConsoleFormat.yuan(income), "perMember": ConsoleFormat.yuan(test.incomePerMemberFen),
            "topUp": ConsoleFormat.yuan(test.monthlyTopUpFen), "qualifies": test.qualifies,
        ]
    }
}
