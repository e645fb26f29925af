import Hummingbird

extension OpenAPIDocument {
    /// How a router and its document differ: routes the document does not describe, and
    /// documented operations no route serves. A service's test expects ``RouteCoverage/complete``.
    public struct RouteCoverage: Sendable, Equatable, CustomStringConvertible {
        public let undocumented: [Operation]
        public let unrouted: [Operation]

        public static let complete = RouteCoverage(undocumented: [], unrouted: [])

        public var description: String {
            "undocumented routes: \(undocumented.map(\.description)); documented operations without a route: \(unrouted.map(\.description))"
        }
    }

    /// Compares the document's operations with `router`'s routes.
    /// - Throws: when the document could not be read or has no `paths`.
    public func coverage<Context>(of router: Router<Context>) throws -> RouteCoverage {
        // Console pages are HTML for people, not the API: the document describes the API alone.
        let routes = Set(router.routes.map { Operation(method: $0.method.rawValue, path: "\($0.path)") }
            .filter { $0.path != Console.root && !$0.path.hasPrefix(Console.root + "/") })
        let documented = try operations()
        return RouteCoverage(undocumented: routes.subtracting(documented).sorted(), unrouted: documented.subtracting(routes).sorted())
    }
}
