import Foundation
import ServiceKit

/// The district drawn as SVG from the areas file's centroids: one disc per community or village,
/// coloured by the share of its residents who answered, with a legend. Each disc and count has an
/// id, so the live view's events recolour and recount it without a reload. The map's corners are
/// in its data attributes, so a click can be turned back into a latitude and longitude.
struct DistrictMap {
    struct Spot {
        let code: String
        let name: String
        let point: GeoPoint
    }

    static let width = 640.0, height = 420.0, margin = 40.0
    static let legend: [(upTo: Int, colour: String, label: String)] = [
        (25, "#d7301f", "应答不足25%"), (50, "#fc8d59", "25%–50%"), (75, "#fdcc8a", "50%–75%"), (100, "#1a9850", "75%以上"),
    ]
    static let noneColour = "#bdbdbd"

    /// The colour of an area by the share acknowledged of those targeted.
    static func colour(acknowledged: Int, targeted: Int) -> String {
        guard targeted > 0 else { return noneColour }
        let percent = Int((Double(acknowledged) / Double(targeted) * 100).rounded(.down))
        return legend.first { percent < $0.upTo }?.colour ?? legend[legend.count - 1].colour
    }

    let spots: [Spot]
    let minLatitude, maxLatitude, minLongitude, maxLongitude: Double

    init(areas: AlertAreas) {
        spots = areas.leaves.compactMap { code in
            guard let area = areas.areas[code], let centroid = area.centroid else { return nil }
            return Spot(code: code, name: area.name, point: centroid)
        }
        let latitudes = spots.map(\.point.latitude), longitudes = spots.map(\.point.longitude)
        // A little room around the outermost discs; a district of one spot still gets a frame.
        minLatitude = (latitudes.min() ?? 0) - 0.01
        maxLatitude = (latitudes.max() ?? 0) + 0.01
        minLongitude = (longitudes.min() ?? 0) - 0.01
        maxLongitude = (longitudes.max() ?? 0) + 0.01
    }

    func position(_ point: GeoPoint) -> (x: Double, y: Double) {
        let x = Self.margin + (point.longitude - minLongitude) / (maxLongitude - minLongitude) * (Self.width - 2 * Self.margin)
        let y = Self.margin + (maxLatitude - point.latitude) / (maxLatitude - minLatitude) * (Self.height - 2 * Self.margin - 30)
        return (x, y)
    }

    /// The map; `colours` and `labels` by area code (areas not given are grey and unlabelled).
    func svg(colours: [String: String], counts: [String: String], title: String, pickable: Bool = false) -> String {
        var svg = """
            <svg class="map" role="img" aria-label="\(ConsoleChart.escape(title))" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" \
            width="100%" xmlns="http://www.w3.org/2000/svg"\(pickable ? " data-pick=\"circle\"" : "") \
            data-min-lat="\(minLatitude)" data-max-lat="\(maxLatitude)" data-min-lon="\(minLongitude)" data-max-lon="\(maxLongitude)" \
            data-margin="\(Self.margin)"><title>\(ConsoleChart.escape(title))</title><rect width="100%" height="100%" fill="#eef3f7"></rect>
            """
        for spot in spots {
            let (x, y) = position(spot.point)
            let colour = colours[spot.code] ?? Self.noneColour
            svg += "<circle id=\"map-\(spot.code)\" cx=\"\(Int(x))\" cy=\"\(Int(y))\" r=\"16\" fill=\"\(colour)\" stroke=\"#333\"></circle>"
            svg += "<text x=\"\(Int(x))\" y=\"\(Int(y) + 30)\" text-anchor=\"middle\">\(ConsoleChart.escape(spot.name))</text>"
            svg += "<text id=\"map-count-\(spot.code)\" x=\"\(Int(x))\" y=\"\(Int(y) + 5)\" text-anchor=\"middle\" class=\"count\">\(ConsoleChart.escape(counts[spot.code] ?? ""))</text>"
        }
        var x = Self.margin
        let y = Self.height - 22
        for entry in Self.legend + [(upTo: 0, colour: Self.noneColour, label: "无目标")] {
            svg += "<rect x=\"\(Int(x))\" y=\"\(Int(y))\" width=\"14\" height=\"14\" fill=\"\(entry.colour)\"></rect>"
            svg += "<text x=\"\(Int(x) + 18)\" y=\"\(Int(y) + 12)\">\(ConsoleChart.escape(entry.label))</text>"
            x += 110
        }
        return svg + "</svg>"
    }
}
