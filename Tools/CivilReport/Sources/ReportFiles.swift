import Foundation
import ServiceKit

/// Writes a report as the bureau hands it on: `report.html` (tables and SVG bars, one file with
/// nothing fetched from elsewhere), `report.md`, one CSV per table under `csv/`, and
/// `report.json` with every figure for whoever computes further.
public enum ReportFiles {
    public static func write(_ report: HalfYearReport, to directory: URL) throws {
        let csv = directory.appendingPathComponent("csv")
        try FileManager.default.createDirectory(at: csv, withIntermediateDirectories: true)
        try Data(html(report).utf8).write(to: directory.appendingPathComponent("report.html"))
        try Data(markdown(report).utf8).write(to: directory.appendingPathComponent("report.md"))
        for table in report.sections.flatMap(\.tables) {
            try self.csv(table).write(to: csv.appendingPathComponent("\(table.id).csv"))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: directory.appendingPathComponent("report.json"))
    }

    static func title(_ report: HalfYearReport) -> String { "民政工作半年报告（\(report.period)）" }

    static let basis = "本报告的每个数字都只由公开及可分析的 Kafka 主题计算得出，未读取任何业务数据库。"

    public static func markdown(_ report: HalfYearReport) -> String {
        var text = "# \(title(report))\n\n\(basis)\n"
        for section in report.sections {
            text += "\n## \(section.title)\n"
            for table in section.tables {
                text += "\n### \(table.title)\n\n| " + table.columns.joined(separator: " | ") + " |\n|"
                text += String(repeating: " --- |", count: table.columns.count) + "\n"
                for row in table.rows {
                    text += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
                }
                if table.rows.isEmpty { text += "| " + ([ReportLabels.noData] + Array(repeating: "", count: table.columns.count - 1)).joined(separator: " | ") + " |\n" }
            }
            for note in section.notes { text += "\n> \(note)\n" }
        }
        return text
    }

    public static func html(_ report: HalfYearReport) -> String {
        let escape = ConsoleChart.escape
        var body = ""
        for section in report.sections {
            body += "<section><h2>\(escape(section.title))</h2>"
            for table in section.tables {
                body += "<h3>\(escape(table.title))</h3>"
                if let column = table.chartColumn, !table.rows.isEmpty {
                    let bars = table.rows.map { row in
                        ConsoleChart.Bar(row[0], value: number(row[column]), text: row[column])
                    }
                    body += "<figure>" + ConsoleChart.bars(bars, title: table.title) + "</figure>"
                }
                body += "<table><thead><tr>" + table.columns.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
                for row in table.rows {
                    body += "<tr>" + row.enumerated().map { index, cell in
                        index == 0 ? "<th scope=\"row\">\(escape(cell))</th>" : "<td>\(escape(cell))</td>"
                    }.joined() + "</tr>"
                }
                if table.rows.isEmpty { body += "<tr><td colspan=\"\(table.columns.count)\">\(ReportLabels.noData)</td></tr>" }
                body += "</tbody></table>"
            }
            body += section.notes.map { "<p class=\"note\">\(escape($0))</p>" }.joined() + "</section>"
        }
        return """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title(report)))</title>
            <style>
            body { font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
            h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid #0b4f8a; padding-bottom: .3rem; margin-top: 2.5rem; }
            table { border-collapse: collapse; margin: .5rem 0 1.5rem; min-width: 20rem; }
            th, td { border: 1px solid #c8c8c8; padding: .35rem .7rem; text-align: left; } td { text-align: right; }
            thead th { background: #eef3f8; } figure { margin: .5rem 0; max-width: 40rem; } .note { color: #555; }
            svg.bars text { font-size: 13px; }
            @media print { section { break-inside: avoid; } }
            </style></head>
            <body><h1>\(escape(title(report)))</h1><p>\(escape(basis))</p>\(body)</body></html>
            """
    }

    /// A cell's number for its bar: digits and the decimal point, yuan drawn in fen.
    static func number(_ cell: String) -> Int {
        let digits = cell.filter { $0.isNumber || $0 == "." }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let whole = Int(parts.first ?? "") ?? 0
        guard parts.count == 2 else { return whole }
        return whole * 100 + (Int(parts[1].prefix(2).padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0)
    }

    /// One table for spreadsheets (``SpreadsheetCSV``).
    static func csv(_ table: ReportTable) throws -> Data {
        try SpreadsheetCSV.data(header: table.columns, rows: table.rows)
    }
}
