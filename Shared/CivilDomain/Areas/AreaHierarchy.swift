/// The district's tree of areas (district > street > community or village) as read from an
/// areas file: every code valid, none twice, every parent known. Registration and alerts read
/// the same file shape and check it by this one rule.
public struct AreaHierarchy: Sendable, Equatable {
    /// One line of an areas file: its code and its parent's.
    public struct Entry: Sendable, Equatable {
        public let code: String
        public let parent: String?

        public init(code: String, parent: String?) {
            self.code = code
            self.parent = parent
        }
    }

    private let parents: [AreaCode: AreaCode]
    public let codes: Set<AreaCode>
    /// Areas with no children, sorted: the communities and villages where residents live.
    public let leaves: [AreaCode]

    /// - Throws: ``AreaHierarchyError`` naming the first wrong entry.
    public init(_ entries: [Entry]) throws(AreaHierarchyError) {
        var parents: [AreaCode: AreaCode] = [:]
        var codes = Set<AreaCode>()
        for entry in entries {
            guard let code = AreaCode(entry.code) else {
                throw AreaHierarchyError(reason: "area code '\(entry.code)' is not \(AreaCode.rule)")
            }
            guard codes.insert(code).inserted else {
                throw AreaHierarchyError(reason: "area code '\(entry.code)' appears twice")
            }
        }
        for entry in entries {
            guard let parentText = entry.parent else { continue }
            guard let parent = AreaCode(parentText), codes.contains(parent) else {
                throw AreaHierarchyError(reason: "area '\(entry.code)' names an unknown parent '\(parentText)'")
            }
            parents[AreaCode(entry.code)!] = parent
        }
        self.parents = parents
        self.codes = codes
        let withChildren = Set(parents.values)
        leaves = codes.filter { !withChildren.contains($0) }.sorted()
    }

    public func contains(_ code: AreaCode) -> Bool { codes.contains(code) }

    public func parent(of code: AreaCode) -> AreaCode? { parents[code] }

    /// Whether `code` is `ancestor` or lies below it. A cycle in the file ends the walk.
    public func isWithin(_ code: AreaCode, _ ancestor: AreaCode) -> Bool {
        var current: AreaCode? = code
        var steps = 0
        while let area = current, steps <= codes.count {
            if area == ancestor { return true }
            current = parents[area]
            steps += 1
        }
        return false
    }

    /// The leaves at or below `ancestor`.
    public func leaves(within ancestor: AreaCode) -> [AreaCode] { leaves.filter { isWithin($0, ancestor) } }
}

public struct AreaHierarchyError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "areas: \(reason)" }
}
