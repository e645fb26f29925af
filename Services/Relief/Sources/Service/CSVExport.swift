import CivilDomain
import ServiceKit
import Foundation
import Hummingbird

/// The finance office's CSV downloads (``SpreadsheetCSV``), amounts in fen and in yuan written
/// exactly from the integer.
enum CSVExport {
    static func response(header: [String], rows: [[String]], filename: String) throws -> Response {
        let data = try SpreadsheetCSV.data(header: header, rows: rows)
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `123456` fen is `1234.56` yuan.
    static func yuan(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        return "\(sign)\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)"
    }
}
