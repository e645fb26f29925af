import Foundation
import Hummingbird

/// The "previous / next" links of a paged list: the same query with another page, so a filter
/// survives paging without a script.
public enum ConsolePaging {
    public static func links(_ page: Page<some Encodable & Sendable>, request: Request) -> [String: Any] {
        let pages = max(1, (page.total + page.pageSize - 1) / page.pageSize)
        var values: [String: Any] = ["page": page.page, "pages": pages, "total": page.total]
        func link(_ number: Int) -> String {
            var items = request.uri.queryParameters.map { (String($0.key), String($0.value)) }.filter { $0.0 != "page" }
            items.append(("page", String(number)))
            var components = URLComponents()
            components.path = request.uri.path
            components.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
            return components.string ?? request.uri.path
        }
        if page.page > 1 { values["previous"] = link(page.page - 1) }
        if page.page < pages { values["next"] = link(page.page + 1) }
        return values
    }
}
