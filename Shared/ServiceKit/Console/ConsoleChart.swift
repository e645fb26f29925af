/// Charts drawn on the server as inline SVG: a page shows its figures as bars without a script
/// or a chart library, and the numbers stay beside the bars for screen readers and printing.
public enum ConsoleChart {
    /// One bar: its label, its value (the length), and the text written after it.
    public struct Bar: Sendable {
        public let label: String
        public let value: Int
        public let text: String
        public let colour: String
        public init(_ label: String, value: Int, text: String, colour: String = "#0b4f8a") {
            self.label = label
            self.value = value
            self.text = text
            self.colour = colour
        }
    }

    /// Horizontal bars scaled to the largest value; `title` names the chart for assistive technology.
    public static func bars(_ bars: [Bar], title: String, width: Int = 640) -> String {
        let rowHeight = 30, labelWidth = 130, textWidth = 170
        let span = max(1, width - labelWidth - textWidth)
        let largest = max(1, bars.map(\.value).max() ?? 1)
        var svg = "<svg class=\"bars\" role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 \(width) \(bars.count * rowHeight + 4)\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 4
            let length = bar.value <= 0 ? 0 : max(2, Int(Double(bar.value) / Double(largest) * Double(span)))
            svg += "<text x=\"0\" y=\"\(y + 17)\">\(escape(bar.label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(length)\" height=\"20\" fill=\"\(escape(bar.colour))\"></rect>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 17)\">\(escape(bar.text))</text>"
        }
        return svg + "</svg>"
    }

    /// Text for SVG and HTML: the five characters markup gives meaning to.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
