import CivilDomain
import Contracts
import Hummingbird
import ServiceKit

extension RegistrationConsole {
    /// Opening a household, its page (members, flags, change history) and registering a member
    /// with the identity-number check's message beside the field.
    func addHouseholds(to router: Router<ServiceRequestContext>) {
        router.get("/console/households/new") { request, context in
            await console.respond(request, context: context) {
                _ = try console.staff(context, anyOf: [.caseworker])
                return console.page("household-new", title: "登记家庭", ["areas": areaOptions], context: context)
            }
        }
        router.post("/console/households") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: [.caseworker])
                let form = try await console.form(request, context: context)
                do {
                    let household = try await register.households.open(
                        try form.decode(HouseholdRegistration.self, text: ["areaCode"]), by: staff)
                    return Console.redirect(to: "/console/households/\(household.householdId)?created=1")
                } catch {
                    return console.refused(Console.problem(of: error, context: context), "household-new", title: "登记家庭",
                                           ["areas": areaOptions], form: form, context: context)
                }
            }
        }
        router.get("/console/households/{householdId}") { request, context in
            await console.respond(request, context: context) {
                _ = try console.staff(context, anyOf: RegistrationRoutes.readers)
                var values = try await householdValues(try context.parameters.require("householdId"), viewer: context.staff)
                if request.uri.queryParameters.get("created") != nil { values["notice"] = "家庭已登记，请登记家庭成员。" }
                if request.uri.queryParameters.get("registered") != nil { values["notice"] = "成员已登记。" }
                return console.page("household", title: "家庭档案", values, context: context)
            }
        }
        router.post("/console/households/{householdId}/residents") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: [.caseworker])
                let householdId = try context.parameters.require("householdId")
                let form = try await console.form(request, context: context)
                var fields = form.fields
                fields["householdId"] = householdId
                do {
                    let registration = try ConsoleForm(fields: fields).decode(
                        ResidentRegistration.self, text: ["identityNumber", "name", "phone", "householdId", "relationship"],
                        numbers: ["disabilityGrade"], checkboxes: ["leftBehindChild", "childInDifficulty", "institutionalCare"])
                    _ = try await register.register(registration, by: staff)
                    return Console.redirect(to: "/console/households/\(householdId)?registered=1")
                } catch {
                    let values = try await householdValues(householdId, viewer: staff)
                    return console.refused(Console.problem(of: error, context: context), "household", title: "家庭档案",
                                           values, form: form, context: context)
                }
            }
        }
    }

    func householdValues(_ id: String, viewer: StaffIdentity?) async throws -> [String: Any] {
        let household = try await register.households.household(id)
        var history: [[String: Any]] = []
        for member in household.members {
            for change in try await register.history(of: member.residentId) {
                history.append([
                    "name": member.name, "field": change.field, "before": change.before ?? "—", "after": change.after ?? "—",
                    "changedBy": change.changedBy, "changedAt": ConsoleFormat.time(change.changedAt), "reason": change.reason,
                    "sort": change.changedAt.timeIntervalSince1970,
                ])
            }
        }
        history.sort { ($0["sort"] as? Double ?? 0) > ($1["sort"] as? Double ?? 0) }
        return [
            "household": [
                "householdId": household.householdId, "area": areaName(household.areaCode), "areaCode": household.areaCode,
                "registeredBy": household.registeredBy, "registeredAt": ConsoleFormat.time(household.registeredAt),
            ],
            "members": household.members.map { residentRow($0, householdSize: household.members.count) },
            "history": history,
            "canRegister": viewer?.roles.contains(.caseworker) == true,
        ]
    }
}
