import CivilDomain
import Contracts
import Foundation

/// The administrative hierarchy the bureau serves (district > street > community or village),
/// loaded from a JSON file. Every address is the code of a community or village in it.
public struct AreaDirectory: Sendable {
    public struct Area: Sendable, Codable, Equatable {
        public let code: String
        public let name: String
        public let parent: String?
        /// Set on communities (urban) and villages (rural): the level residents live at.
        public let kind: AreaKind?

        public init(code: String, name: String, parent: String?, kind: AreaKind?) {
            self.code = code
            self.name = name
            self.parent = parent
            self.kind = kind
        }
    }

    public let areas: [String: Area]

    /// - Throws: ``AreaDirectoryError`` naming the entry that is wrong, by the district's one rule for areas.
    public init(_ list: [Area]) throws(AreaDirectoryError) {
        do {
            _ = try AreaHierarchy(list.map { AreaHierarchy.Entry(code: $0.code, parent: $0.parent) })
        } catch {
            throw AreaDirectoryError(reason: error.reason)
        }
        areas = Dictionary(list.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        try self.init(JSONDecoder().decode([Area].self, from: data))
    }

    /// The community or village with this code, where residents can live.
    public func residentialArea(_ code: String) -> Area? {
        guard let area = areas[code], area.kind != nil else { return nil }
        return area
    }
}

public struct AreaDirectoryError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "areas: \(reason)" }
}
