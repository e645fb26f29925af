import CivilDomain
import Foundation

/// The district's areas as the alert service targets them: the hierarchy (district > street >
/// community or village), each community's centroid for polygon and circle targeting, and the
/// officers notified with its residents. Loaded from a JSON file (the registration areas file's
/// shape plus `centroid` and `officers`).
public struct AlertAreas: Sendable {
    public struct Officer: Sendable, Codable, Equatable {
        public let staffId: String
        public let phone: String?
    }

    public struct Area: Sendable, Codable, Equatable {
        public let code: String
        public let name: String
        public let parent: String?
        public let centroid: GeoPoint?
        public let officers: [Officer]?
    }

    public let areas: [String: Area]
    /// Communities and villages: the areas with no children, where residents live and work is dispatched.
    public let leaves: [String]
    let hierarchy: AreaHierarchy

    /// - Throws: ``AlertAreasError`` naming the wrong entry, by the district's one rule for areas.
    public init(_ list: [Area]) throws(AlertAreasError) {
        do {
            hierarchy = try AreaHierarchy(list.map { AreaHierarchy.Entry(code: $0.code, parent: $0.parent) })
        } catch {
            throw AlertAreasError(reason: error.reason)
        }
        areas = Dictionary(list.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        leaves = hierarchy.leaves.map(\.value)
    }

    public init(contentsOf url: URL) throws {
        try self.init(JSONDecoder().decode([Area].self, from: Data(contentsOf: url)))
    }

    /// The street (the parent) of a community; a top-level area is its own street.
    public func street(of code: String) -> String { areas[code]?.parent ?? code }

    /// The communities and villages a CAP info's areas cover: geocodes naming a known area (any
    /// level: a street's code covers its communities), and polygons and circles containing a
    /// community's centroid. Unknown geocodes cover nothing.
    public func covered(by capAreas: [CAPAlert.Area]) -> [String] {
        var covered = Set<String>()
        for capArea in capAreas {
            for geocode in capArea.geocode ?? [] where areas[geocode.value] != nil {
                covered.formUnion(leaves.filter { isWithin($0, geocode.value) })
            }
            let polygons = (capArea.polygon ?? []).compactMap(GeoPolygon.init(cap:))
            let circles = (capArea.circle ?? []).compactMap(GeoCircle.init(cap:))
            guard !polygons.isEmpty || !circles.isEmpty else { continue }
            for leaf in leaves {
                guard let centroid = areas[leaf]?.centroid else { continue }
                if polygons.contains(where: { $0.contains(centroid) }) || circles.contains(where: { $0.contains(centroid) }) {
                    covered.insert(leaf)
                }
            }
        }
        return covered.sorted()
    }

    /// Whether the areas file names `staffID` as an officer of any area.
    public func isOfficer(_ staffID: String) -> Bool {
        areas.values.contains { ($0.officers ?? []).contains { $0.staffId == staffID } }
    }

    /// Whether the areas file names `staffID` as an officer of `code` or of an area above it.
    public func isAssigned(_ code: String, to staffID: String) -> Bool {
        areas.values.contains { area in
            (area.officers ?? []).contains { $0.staffId == staffID } && isWithin(code, area.code)
        }
    }

    /// Whether `code` is `ancestor` or lies below it in the hierarchy.
    func isWithin(_ code: String, _ ancestor: String) -> Bool {
        guard let code = AreaCode(code), let ancestor = AreaCode(ancestor) else { return false }
        return hierarchy.isWithin(code, ancestor)
    }
}

public struct AlertAreasError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "alert areas: \(reason)" }
}
