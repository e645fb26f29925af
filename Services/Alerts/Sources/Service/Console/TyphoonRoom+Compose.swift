import Contracts
import Crypto
import Foundation
import Hummingbird
import ServiceKit

extension TyphoonRoom {
    /// Composing an alert: the form, its preview (the CAP XML, the areas it reaches and the text
    /// residents will read), and issuing exactly what was previewed. Update and Cancel start from
    /// an issued alert.
    func addCompose(to router: Router<ServiceRequestContext>) {
        router.get("/console/alerts/new") { request, context in
            await console.respond(request, context: context) {
                _ = try console.staff(context, anyOf: [AlertsRoutes.dutyOfficer])
                var fields: [String: String] = ["event": "台风", "category": "Met", "urgency": "Expected", "severity": "Severe",
                                                "certainty": "Likely", "status": "Actual", "msgType": "Alert"]
                if let from = request.uri.queryParameters.get("from") {
                    let original = try await desks.alerts.alert(from)
                    guard original.state == .issued else { throw AlertError.notAwaitingApproval(from, state: original.state) }
                    fields = Self.fields(of: original.cap)
                    fields["msgType"] = request.uri.queryParameters.get("msgType") == "Cancel" ? "Cancel" : "Update"
                    fields["references"] = "\(original.cap.sender),\(original.cap.identifier),\(original.cap.sent)"
                }
                return console.page("compose", title: "发布预警", composeValues(form: ConsoleForm(fields: fields)), context: context)
            }
        }
        router.post("/console/alerts") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: [AlertsRoutes.dutyOfficer])
                let form = try await console.form(request, context: context)
                var fields = form.fields
                let cap = CAPForm.alert(from: form, sender: sender, areaNames: areas.areas)
                fields["identifier"] = cap.identifier
                fields["sent"] = cap.sent
                let xml = CAPXMLWriter.write(cap)
                var values = composeValues(form: ConsoleForm(fields: fields))
                do {
                    try CAPValidator.validate(cap)
                    let reached = areas.covered(by: (cap.info ?? []).flatMap { $0.area ?? [] })
                    let digest = SHA256.hash(data: Data(xml.utf8)).map { String(format: "%02x", $0) }.joined()
                    if form["intent"] == "issue", form["previewDigest"] == digest {
                        let alert = try await desks.alerts.submit(cap, by: staff)
                        return Console.redirect(to: "/console/alerts/\(Self.path(alert.identifier))")
                    }
                    values["preview"] = [
                        "xml": xml, "digest": digest,
                        "reached": reached.map { areas.areas[$0]?.name ?? $0 }.joined(separator: "、"),
                        "reachedCount": reached.count,
                        "residentText": ResidentText.text(
                            headline: StoredAlert.headline(of: cap),
                            exercise: cap.statusValue == .exercise, cancel: cap.messageType == .cancel),
                        "needsApproval": try await desks.alerts.needsApproval(cap),
                    ]
                    if form["intent"] == "issue" { values["notice"] = "表单在预览后有改动：请核对下面的新预览后再签发。" }
                    return console.page("compose", title: "发布预警", values, context: context)
                } catch let error as CAPError {
                    var problem = Problem.invalidCAP(error)
                    problem.extensions["errors"] = .fields([Self.field(of: error.element): error.rule])
                    return console.refused(problem, "compose", title: "发布预警", values, form: nil, context: context)
                } catch {
                    return console.refused(Console.problem(of: error, context: context), "compose", title: "发布预警", values,
                                           form: nil, context: context)
                }
            }
        }
    }

    func composeValues(form: ConsoleForm) -> [String: Any] {
        let streets = areas.areas.values.filter { area in areas.leaves.contains { areas.areas[$0]?.parent == area.code } }
            .sorted { $0.code < $1.code }
        return [
            "form": form.fields,
            "statuses": CAPForm.options(CAPForm.statuses, selected: form["status"]),
            "categories": CAPForm.options(CAPForm.categories, selected: form["category"]),
            "urgencies": CAPForm.options(CAPForm.urgencies, selected: form["urgency"]),
            "severities": CAPForm.options(CAPForm.severities, selected: form["severity"]),
            "certainties": CAPForm.options(CAPForm.certainties, selected: form["certainty"]),
            "isUpdate": form["msgType"] == "Update" || form["msgType"] == "Cancel",
            "streets": streets.map { street -> [String: Any] in
                [
                    "code": street.code, "name": street.name, "checked": form[CAPForm.areaPrefix + street.code] != nil ? "checked" : "",
                    "communities": areas.leaves.filter { areas.areas[$0]?.parent == street.code }.map { code in
                        ["code": code, "name": areas.areas[code]?.name ?? code,
                         "checked": form[CAPForm.areaPrefix + code] != nil ? "checked" : ""]
                    },
                ]
            },
            "map": map.svg(colours: [:], counts: [:], title: "辖区地图：点击地图可设定圈定范围的中心", pickable: true),
        ]
    }

    /// The form's fields of an issued alert, for an Update or a Cancel that starts from it.
    static func fields(of cap: CAPAlert) -> [String: String] {
        var fields: [String: String] = ["status": cap.status]
        guard let info = cap.info?.first else { return fields }
        fields["event"] = info.event
        fields["category"] = info.category.first
        fields["urgency"] = info.urgency
        fields["severity"] = info.severity
        fields["certainty"] = info.certainty
        fields["headline"] = info.headline
        fields["description"] = info.description
        fields["instruction"] = info.instruction
        for area in info.area ?? [] {
            for geocode in area.geocode ?? [] { fields[CAPForm.areaPrefix + geocode.value] = "on" }
        }
        if let english = cap.info?.first(where: { $0.language?.hasPrefix("en") == true }) {
            fields["headlineEnglish"] = english.headline
            fields["descriptionEnglish"] = english.description
            fields["instructionEnglish"] = english.instruction
        }
        return fields
    }

    /// The form field a CAP rule's element names (`alert/info[1]/urgency` → `urgency`).
    static func field(of element: String) -> String {
        let last = element.split(separator: "/").last.map { String($0.prefix { $0 != "[" }) } ?? element
        switch last {
        case "area", "geocode": return "areas"
        case "circle": return "circleRadiusKm"
        default: return last
        }
    }
}
