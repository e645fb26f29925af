import Hummingbird

/// Which page of a list a caller asked for (`page`, `pageSize` query parameters), checked at the
/// edge: lists are paged in SQL, and an offset computed from unchecked numbers would overflow.
public struct PageRequest: Sendable, Equatable {
    /// Past 100,000 pages of 500 is past any district's list.
    public static let pages = 1...100_000
    public static let pageSizes = 1...500

    public let page: Int
    public let pageSize: Int

    /// Rows before this page; within `Int` for every accepted page and size.
    public var offset: Int { (page - 1) * pageSize }

    public init(page: Int = 1, pageSize: Int = 50) {
        self.page = min(max(page, Self.pages.lowerBound), Self.pages.upperBound)
        self.pageSize = min(max(pageSize, Self.pageSizes.lowerBound), Self.pageSizes.upperBound)
    }

    /// - Throws: an `invalid-query` problem naming the parameter and its range.
    public init(query request: Request, defaultSize: Int = 50) throws(Problem) {
        func value(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws(Problem) -> Int {
            guard let text = request.uri.queryParameters.get(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw Problem.invalidQuery("\(name) must be \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        self.init(page: try value("page", in: Self.pages, default: 1),
                  pageSize: try value("pageSize", in: Self.pageSizes, default: defaultSize))
    }
}

/// One page of a list, with where it stands in the whole.
public struct Page<Item: Encodable & Sendable>: Encodable, Sendable, ResponseEncodable {
    public let items: [Item]
    public let page: Int
    public let pageSize: Int
    public let total: Int

    public init(_ items: [Item], of request: PageRequest, total: Int) {
        self.items = items
        page = request.page
        pageSize = request.pageSize
        self.total = total
    }
}
