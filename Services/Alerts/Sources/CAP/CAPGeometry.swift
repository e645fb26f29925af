import Foundation

/// A WGS 84 point, as CAP writes it: `latitude,longitude` in decimal degrees.
public struct GeoPoint: Sendable, Equatable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    init?(capPair text: Substring) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let latitude = Double(parts[0]), let longitude = Double(parts[1]),
              (-90...90).contains(latitude), (-180...180).contains(longitude)
        else { return nil }
        self.init(latitude: latitude, longitude: longitude)
    }

    /// Great-circle distance in metres (haversine; ample for a district).
    public func distance(to other: GeoPoint) -> Double {
        let radians = Double.pi / 180
        let dLat = (other.latitude - latitude) * radians
        let dLon = (other.longitude - longitude) * radians
        let a = sin(dLat / 2) * sin(dLat / 2)
            + cos(latitude * radians) * cos(other.latitude * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 6_371_000 * 2 * atan2(a.squareRoot(), (1 - a).squareRoot())
    }
}

/// A CAP `polygon`: at least four points, the first equal to the last.
public struct GeoPolygon: Sendable, Equatable {
    public let points: [GeoPoint]

    public init?(cap text: String) {
        var points: [GeoPoint] = []
        for pair in text.split(whereSeparator: \.isWhitespace) {
            guard let point = GeoPoint(capPair: pair) else { return nil }
            points.append(point)
        }
        guard points.count >= 4, points.first == points.last else { return nil }
        self.points = points
    }

    /// Ray casting on latitude/longitude as plane coordinates: exact enough for areas the size of
    /// a district, far from the poles and the antimeridian.
    public func contains(_ point: GeoPoint) -> Bool {
        var inside = false
        var j = points.count - 1
        for i in points.indices {
            let a = points[i], b = points[j]
            if (a.latitude > point.latitude) != (b.latitude > point.latitude) {
                let crossing = (b.longitude - a.longitude) * (point.latitude - a.latitude) / (b.latitude - a.latitude) + a.longitude
                if point.longitude < crossing { inside.toggle() }
            }
            j = i
        }
        return inside
    }
}

/// A CAP `circle`: `latitude,longitude radius`, the radius in kilometres.
public struct GeoCircle: Sendable, Equatable {
    public let center: GeoPoint
    public let radiusKilometres: Double

    public init?(cap text: String) {
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let center = GeoPoint(capPair: parts[0]), let radius = Double(parts[1]), radius >= 0 else {
            return nil
        }
        self.center = center
        radiusKilometres = radius
    }

    public func contains(_ point: GeoPoint) -> Bool { center.distance(to: point) <= radiusKilometres * 1000 }
}
