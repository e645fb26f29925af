import CivilDomain
import Contracts
import Hummingbird
import ServiceKit

extension OrganizationsConsole {
    /// The public register's search page: no sign-in, the same search and checks as `/v1/register`.
    func addRegister(to router: Router<ServiceRequestContext>) {
        router.get("/console/register") { request, context in
            await console.respond(request, context: context) {
                let parameters = request.uri.queryParameters
                var search = RegisterSearch(nameFragment: parameters.get("name").flatMap { $0.isEmpty ? nil : $0 })
                var values: [String: Any] = ["form": ["name": search.nameFragment ?? ""]]
                if let kind = parameters.get("kind"), !kind.isEmpty {
                    guard let value = Organization.Kind(rawValue: kind) else { throw Problem.invalidQuery("unknown kind '\(kind)'") }
                    search.kind = value
                }
                values["kinds"] = ConsoleFormat.options(organizationKindOptions, selected: search.kind?.rawValue)
                if let name = search.nameFragment, !FreeText.isLine(name, maxLength: 64) {
                    throw Problem.invalidQuery("name must be 1 to 64 characters of a name")
                }
                // The search stops at 500 matches; the page shows them 20 at a time.
                let all = try await desk.register.search(search)
                let page = try PageRequest(query: request, defaultSize: 20)
                let found = Array(all.dropFirst(min(all.count, page.offset)).prefix(page.pageSize))
                values["paging"] = ConsolePaging.links(Page(found, of: page, total: all.count), request: request)
                values["organizations"] = found.map { organization -> [String: Any] in
                    var row: [String: Any] = [
                        "name": organization.name, "kind": Self.organizationKinds[organization.kind] ?? organization.kind.rawValue,
                        "status": Self.organizationStatuses[organization.status] ?? organization.status.rawValue,
                        "area": organization.domicileAreaCode,
                    ]
                    if let code = organization.creditCode { row["creditCode"] = code }
                    if let until = organization.reservedUntil { row["reservedUntil"] = until }
                    if let on = organization.establishedOn { row["establishedOn"] = on }
                    return row
                }
                values["searched"] = true
                return console.page("register", title: "社会组织公开名录", values, context: context)
            }
        }
    }
}
