import CivilDomain
import CSV
import Foundation
import Hummingbird

/// CSV for the finance office's spreadsheets: UTF-8 with a byte-order mark (so Excel reads the
/// Chinese program names), quoted where needed, amounts in fen and in yuan written exactly from
/// the integer. A cell a spreadsheet would run as a formula (text from a bank beginning with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading `'`, so it is shown,
/// not run; plain numbers, negative ones included, stay numbers.
enum CSVExport {
    static func response(header: [String], rows: [[String]], filename: String) throws -> Response {
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: header)
        for row in rows { try writer.write(row: row.map(cell)) }
        try writer.write(row: [String]())
        stream.close()
        var data = Data("\u{FEFF}".utf8)
        data.append(stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data())
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func cell(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        let number = /-?[0-9]+(\.[0-9]+)?/
        if (try? number.wholeMatch(in: text)) != nil { return text }
        return "'" + text
    }

    /// `123456` fen is `1234.56` yuan.
    static func yuan(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        return "\(sign)\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)"
    }
}
