import Foundation

/// How the consoles write the bureau's quantities: money in yuan with fen, dates and times in
/// the district's zone (Asia/Shanghai), as on the bureau's paper forms.
public enum ConsoleFormat {
    /// `12,450.00`: fen as yuan, grouped by thousands.
    public static func yuan(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let whole = String(magnitude / 100)
        var grouped = ""
        for (index, character) in whole.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        let cents = magnitude % 100
        return sign + String(grouped.reversed()) + "." + (cents < 10 ? "0" : "") + String(cents)
    }

    public static func time(_ date: Date) -> String {
        formatter.string(from: date)
    }

    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter
    }()
}

extension ConsoleFormat {
    /// A select's options (`code`, `label`) with the chosen one marked `selected`, so a filter
    /// shows what it filters by after the page reloads.
    public static func options(_ options: [[String: String]], selected: String?) -> [[String: String]] {
        options.map { option in
            var option = option
            option["selected"] = option["code"] == selected && selected != nil ? "selected" : ""
            return option
        }
    }
}
