import CSV
import Foundation

/// CSV for the bureau's spreadsheets: UTF-8 with a byte-order mark (so Excel reads Chinese
/// headings and names), quoted where needed. A cell a spreadsheet would run as a formula (text
/// beginning with `=`, `+`, `-`, `@`, a tab or a carriage return, such as a name typed by a
/// bank or an officer) is written with a leading `'`, so it is shown, not run; plain numbers,
/// negative ones and those with thousands separators included, stay numbers.
public enum SpreadsheetCSV {
    public static func data(header: [String], rows: [[String]]) throws -> Data {
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: header)
        for row in rows { try writer.write(row: row.map(cell)) }
        try writer.write(row: [String]())
        stream.close()
        var data = Data("\u{FEFF}".utf8)
        data.append(stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data())
        return data
    }

    public static func cell(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        if (try? /-?[0-9][0-9,]*(\.[0-9]+)?/.wholeMatch(in: text)) != nil { return text }
        return "'" + text
    }
}
