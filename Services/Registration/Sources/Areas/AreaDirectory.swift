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

    /// - Throws: ``AreaDirectoryError`` naming the entry that is wrong.
    public init(_ list: [Area]) throws(AreaDirectoryError) {
        var areas: [String: Area] = [:]
        for area in list {
            guard area.code.count >= 6, area.code.allSatisfy(\.isNumber) else {
                throw AreaDirectoryError(reason: "area code '\(area.code)' is not 6 to 12 digits")
            }
            guard areas.updateValue(area, forKey: area.code) == nil else {
                throw AreaDirectoryError(reason: "area code '\(area.code)' appears twice")
            }
        }
        for area in list {
            if let parent = area.parent, areas[parent] == nil {
                throw AreaDirectoryError(reason: "area '\(area.code)' names an unknown parent '\(parent)'")
            }
        }
        self.areas = areas
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
