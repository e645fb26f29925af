import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension TyphoonRoom {
    /// The alerts' list, the approval queue, an alert's live view and its event stream.
    func addLive(to router: Router<ServiceRequestContext>) {
        router.get("/console/alerts") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: AlertsRoutes.readers)
                let page = try await desks.alerts.alerts(page: try PageRequest(query: request, defaultSize: 20))
                return console.page("alerts", title: "预警", [
                    "alerts": page.items.map { alertRow($0, viewer: staff) }, "paging": ConsolePaging.links(page, request: request),
                    "isDuty": staff.roles.contains(AlertsRoutes.dutyOfficer),
                ], context: context)
            }
        }
        router.get("/console/approvals") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: [AlertsRoutes.dutyOfficer])
                let page = try await desks.alerts.alerts(in: .awaitingApproval, page: try PageRequest(query: request, defaultSize: 20))
                return console.page("approvals", title: "待审批预警", [
                    "alerts": page.items.map { alertRow($0, viewer: staff) }, "paging": ConsolePaging.links(page, request: request),
                ], context: context)
            }
        }
        router.post("/console/alerts/{alertId}/approval") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: [AlertsRoutes.dutyOfficer])
                let id = try Self.alertId(context)
                _ = try await console.form(request, context: context)
                _ = try await desks.alerts.approve(id, by: staff)
                return Console.redirect(to: "/console/alerts/\(Self.path(id))")
            }
        }
        router.get("/console/alerts/{alertId}") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: AlertsRoutes.readers)
                let alert = try await desks.alerts.alert(try Self.alertId(context))
                let live = try await liveFigures(alert)
                var values = live.values
                values["alert"] = alertRow(alert, viewer: staff)
                values["events"] = "/console/alerts/\(Self.path(alert.identifier))/events"
                values["canApprove"] = alert.state == .awaitingApproval && staff.roles.contains(AlertsRoutes.dutyOfficer)
                    && alert.submittedBy != staff.staffID
                values["canFollowUp"] = alert.state == .issued && staff.roles.contains(AlertsRoutes.dutyOfficer)
                return console.page("live", title: "预警实况", values, context: context)
            }
        }
        router.get("/console/alerts/{alertId}/events") { request, context in
            await console.respond(request, context: context) {
                _ = try console.staff(context, anyOf: AlertsRoutes.readers)
                let alert = try await desks.alerts.alert(try Self.alertId(context))
                return eventStream(alert)
            }
        }
    }

    /// Server-Sent Events: the live figures whenever they change, checked every second, for half
    /// a minute per connection (the browser reconnects at once), so a shutdown never waits long.
    func eventStream(_ alert: StoredAlert) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            var last = ""
            for _ in 0..<30 {
                guard !Task.isCancelled else { break }
                let current = try await desks.alerts.alert(alert.identifier)
                let update = try await liveFigures(current).update
                if update != last {
                    try await writer.write(ByteBuffer(string: "data: \(update)\n\n"))
                    last = update
                }
                try await Task.sleep(for: .seconds(1))
            }
            try await writer.finish(nil)
        })
    }

    /// The live view's figures: for the page (table, map, bar, shelters) and as one event that
    /// sets each figure by its element id.
    func liveFigures(_ alert: StoredAlert) async throws -> (values: [String: Any], update: String) {
        let statuses = try await desks.acknowledgements.status(of: alert)
        let shelters = try await desks.shelters.shelters().filter { shelter in
            alert.areaCodes.contains(shelter.areaCode)
        }
        var text: [String: String] = [:], fill: [String: String] = [:], width: [String: String] = [:]
        var colours: [String: String] = [:], counts: [String: String] = [:]
        var totals = (targeted: 0, notified: 0, delivered: 0, acknowledged: 0, needsHelp: 0, toVisit: 0)
        let rows = statuses.map { status -> [String: Any] in
            let code = status.areaCode
            totals.targeted += status.targeted
            totals.notified += status.notified
            totals.delivered += status.delivered
            totals.acknowledged += status.acknowledged
            totals.needsHelp += status.needsHelp
            totals.toVisit += status.vulnerableToVisit
            for (key, value) in [("targeted", status.targeted), ("notified", status.notified), ("delivered", status.delivered),
                                 ("acknowledged", status.acknowledged), ("needsHelp", status.needsHelp), ("toVisit", status.vulnerableToVisit)] {
                text["a-\(code)-\(key)"] = String(value)
            }
            colours[code] = DistrictMap.colour(acknowledged: status.acknowledged, targeted: status.targeted)
            counts[code] = "\(status.acknowledged)/\(status.targeted)"
            fill["map-\(code)"] = colours[code]
            text["map-count-\(code)"] = counts[code]
            return [
                "code": code, "name": areas.areas[code]?.name ?? code, "targeted": status.targeted, "notified": status.notified,
                "delivered": status.delivered, "acknowledged": status.acknowledged, "needsHelp": status.needsHelp,
                "toVisit": status.vulnerableToVisit, "dispatch": status.dispatch?.rawValue ?? "未开始",
            ]
        }
        let percent = totals.targeted == 0 ? 0 : min(100, totals.notified * 100 / totals.targeted)
        for (key, value) in [("targeted", totals.targeted), ("notified", totals.notified), ("delivered", totals.delivered),
                             ("acknowledged", totals.acknowledged), ("needsHelp", totals.needsHelp), ("toVisit", totals.toVisit)] {
            text["total-\(key)"] = String(value)
        }
        text["progress-text"] = "已通知 \(totals.notified) / \(totals.targeted)（\(percent)%）"
        text["alert-state"] = Self.stateLabels[alert.state] ?? alert.state.rawValue
        width["progress-bar"] = String(percent)
        for shelter in shelters { text["s-\(shelter.shelterId)-occupancy"] = "\(shelter.occupancy) / \(shelter.capacity)" }
        let update = String(decoding: try JSONSerialization.data(
            withJSONObject: ["text": text, "fill": fill, "width": width], options: [.sortedKeys]), as: UTF8.self)
        let values: [String: Any] = [
            "areas": rows, "percent": percent, "progressText": text["progress-text"] ?? "",
            "totals": ["targeted": totals.targeted, "notified": totals.notified, "delivered": totals.delivered,
                       "acknowledged": totals.acknowledged, "needsHelp": totals.needsHelp, "toVisit": totals.toVisit],
            "map": map.svg(colours: colours, counts: counts, title: "各社区应答比例地图"),
            "shelters": shelters.map { ["shelterId": $0.shelterId, "name": $0.name, "area": areas.areas[$0.areaCode]?.name ?? $0.areaCode,
                                        "occupancy": "\($0.occupancy) / \($0.capacity)", "open": $0.open] },
        ]
        return (values, update)
    }
}
