import CivilDomain
import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension TyphoonRoom {
    /// The area officer's list on a phone: the vulnerable residents of their areas still to visit
    /// for the active alert, each with one tap for "safe", "needs help" or "not found". Safe and
    /// needs help are the acknowledgement the API records (a visit report); not found is a visit
    /// attempt, and the resident stays on the list.
    func addFollowUp(to router: Router<ServiceRequestContext>) {
        router.get("/console/follow-up") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: AlertsRoutes.officers)
                return console.page("follow-up", title: "走访名单", try await followUpValues(request, staff: staff), context: context)
            }
        }
        router.post("/console/follow-up/{alertId}/visits") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: AlertsRoutes.officers)
                let form = try await console.form(request, context: context)
                let alert = try await desks.alerts.alert(try Self.alertId(context))
                guard let personId = form["personId"], PersonPseudonymizer.isPseudonym(personId),
                      let area = try await desks.acknowledgements.areaCode(ofRecipient: personId)
                else { throw NotFound("no such resident in the directory") }
                try desks.followUp.check(staff, areaCode: area, alert: alert, replacement: try await desks.alerts.replacement(of: alert))
                switch form["outcome"] {
                case "safe", "needs-help":
                    _ = try await desks.acknowledgements.record(
                        alertId: alert.identifier, recipientId: personId,
                        response: form["outcome"] == "safe" ? .safe : .needsHelp, shelterId: nil, notificationId: nil,
                        source: .visitReport, by: staff)
                case "not-found":
                    try await visitAttempts.record(alertId: alert.identifier, personId: personId, areaCode: area, by: staff)
                default:
                    throw Problem.invalidBody("outcome must be safe, needs-help or not-found", fields: ["outcome": "safe, needs-help or not-found"])
                }
                return Console.redirect(to: "/console/follow-up?area=\(area)&recorded=\(form["outcome"] ?? "")")
            }
        }
    }

    func followUpValues(_ request: Request, staff: StaffIdentity) async throws -> [String: Any] {
        let mine = areas.leaves.filter { code in
            staff.roles.contains(AlertsRoutes.dutyOfficer) || areas.isAssigned(code, to: staff.staffID)
        }
        let recent = try await desks.alerts.recent(limit: 50)
        // The active alert: the newest issued one that reaches one of the officer's areas.
        guard let alert = recent.first(where: { $0.state == .issued && !Set($0.areaCodes).isDisjoint(with: mine) }) else {
            return ["noAlert": true]
        }
        let reached = mine.filter { alert.areaCodes.contains($0) }
        let chosen = request.uri.queryParameters.get("area").flatMap { code in reached.contains(code) ? code : nil } ?? reached[0]
        try desks.followUp.check(staff, areaCode: chosen, alert: alert, replacement: try await desks.alerts.replacement(of: alert))
        let page = try PageRequest(query: request, defaultSize: 25)
        let visits = try await desks.acknowledgements.visits(alertId: alert.identifier, areaCode: chosen, page: page)
        let attempts = try await visitAttempts.tallies(alertId: alert.identifier, people: visits.items.map(\.personId))
        var values: [String: Any] = [
            "alert": alertRow(alert, viewer: staff), "alertPath": Self.path(alert.identifier),
            "areas": reached.map { ["code": $0, "name": areas.areas[$0]?.name ?? $0, "current": $0 == chosen] },
            "areaName": areas.areas[chosen]?.name ?? chosen,
            "visits": visits.items.map { visit -> [String: Any] in
                var row: [String: Any] = [
                    "personId": visit.personId, "short": String(visit.personId.suffix(6)), "household": visit.householdId,
                    "phone": visit.phone ?? "", "needsHelp": visit.lastResponse == "needs-help",
                    "flags": visit.vulnerabilities.compactMap { Vulnerability(rawValue: $0) }.map(\.label),
                ]
                if let tally = attempts[visit.personId] { row["notFound"] = "未找到 \(tally.count) 次，最近 \(ConsoleFormat.time(tally.last))" }
                return row
            },
            "paging": ConsolePaging.links(visits, request: request),
        ]
        switch request.uri.queryParameters.get("recorded") {
        case "safe": values["notice"] = "已记录：安全。"
        case "needs-help": values["notice"] = "已记录：需要帮助，指挥室已可见。"
        case "not-found": values["notice"] = "已记录：未找到，仍留在名单上。"
        default: break
        }
        return values
    }
}
