import CivilDomain
import Contracts
import Hummingbird
import ServiceKit

extension RegistrationConsole {
    /// Resident search by area, flag and program, paged.
    func addResidents(to router: Router<ServiceRequestContext>) {
        router.get("/console/residents") { request, context in
            await console.respond(request, context: context) {
                _ = try console.staff(context, anyOf: RegistrationRoutes.readers)
                let parameters = request.uri.queryParameters
                var query = ResidentQuery()
                var chosen: [String: String] = [:]
                if let area = parameters.get("areaCode"), !area.isEmpty {
                    guard AreaCode(area) != nil else {
                        throw Problem.invalidQuery("areaCode must be 6, 9 or 12 digits")
                    }
                    query.areaCode = area
                    chosen["areaCode"] = area
                }
                if let text = parameters.get("flag"), !text.isEmpty {
                    guard let flag = Vulnerability(rawValue: text) else { throw Problem.invalidQuery("unknown flag \(text)") }
                    query.flags = [flag]
                    chosen["flag"] = text
                }
                if let text = parameters.get("program"), !text.isEmpty {
                    guard let program = BenefitProgram(rawValue: text) else { throw Problem.invalidQuery("unknown program \(text)") }
                    query.program = program
                    query.programStatus = .active
                    chosen["program"] = text
                }
                let page = try PageRequest(query: request, defaultSize: 20)
                (query.page, query.pageSize) = (page.page, page.pageSize)
                let found = try await register.residents(matching: query)
                let sizes = Dictionary(grouping: found.residents, by: \.householdId).mapValues(\.count)
                return console.page("residents", title: "居民查询", [
                    "areas": ConsoleFormat.options(areaOptions, selected: chosen["areaCode"]),
                    "flags": ConsoleFormat.options(RegistrationLabels.flags, selected: chosen["flag"]),
                    "programs": ConsoleFormat.options(RegistrationLabels.programs, selected: chosen["program"]),
                    "residents": found.residents.map { residentRow($0, householdSize: sizes[$0.householdId] ?? 1) },
                    "paging": ConsolePaging.links(Page(found.residents, of: page, total: found.total), request: request),
                ], context: context)
            }
        }
    }
}
