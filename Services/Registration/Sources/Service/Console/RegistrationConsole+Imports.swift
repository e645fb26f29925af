import Foundation
import Hummingbird
import ServiceKit

extension RegistrationConsole {
    /// The household import: the file is checked (dry run) and its report shown before anything
    /// is written; only the confirmation of that same text imports it, all or nothing.
    func addImports(to router: Router<ServiceRequestContext>) {
        router.get("/console/imports") { request, context in
            await console.respond(request, context: context) {
                _ = try console.staff(context, anyOf: [.caseworker])
                return console.page("imports", title: "批量导入家庭", [:], context: context)
            }
        }
        router.post("/console/imports") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: [.caseworker])
                let form = try await console.form(request, context: context)
                let csv = form.fields["csv"] ?? ""
                let mode: ImportMode = form["intent"] == "import" ? .allOrNothing : .dryRun
                let report = try await HouseholdImport(register: register).run(Data(csv.utf8), mode: mode, by: staff)
                var values: [String: Any] = [
                    "form": ["csv": csv],
                    "report": [
                        "rows": report.rows, "households": report.householdsCreated, "residents": report.residentsCreated,
                        "unchanged": report.unchanged, "applied": report.applied,
                        "errors": report.errors.map { ["line": $0.line, "reason": $0.reason] },
                        "errorCount": report.errors.count, "hasErrors": !report.errors.isEmpty,
                    ],
                    "canImport": mode == .dryRun && report.errors.isEmpty && report.rows > 0,
                ]
                if report.applied { values["notice"] = "已导入：新建家庭 \(report.householdsCreated) 户，居民 \(report.residentsCreated) 人。" }
                return console.page("imports", title: "批量导入家庭", values, context: context)
            }
        }
    }
}
