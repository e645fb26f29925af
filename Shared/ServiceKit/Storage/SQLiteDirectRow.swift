import Foundation
import SQLiteKit

/// A row read by ``SQLiteDirectDatabase``: the common scalar types straight from SQLite's
/// value, anything else through SQLiteKit's decoder.
struct SQLiteDirectRow: SQLRow {
    let row: SQLiteRow

    var allColumns: [String] { row.columns.map(\.name) }

    func contains(column: String) -> Bool { row.column(column) != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let data = row.column(column) else { return true }
        return data == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let data = row.column(column) else {
            throw DecodingError.keyNotFound(
                SQLiteColumnKey(column), .init(codingPath: [], debugDescription: "the row has no column \(column)"))
        }
        // Text read as text and integers as integers, the reads of a fan-out's million rows,
        // skip the table lookup and the generic conversion (a third of a dispatch worker's row
        // reading in perf). Any other pairing converts as below.
        if D.self == String.self, case .text(let text) = data { return unsafeBitCast(text, to: D.self) }
        if D.self == Int.self, case .integer(let integer) = data { return unsafeBitCast(integer, to: D.self) }
        guard let kind = SQLiteScalars.directKind(of: D.self) else { return try SQLiteScalars.fallbackDecoder.decode(D.self, from: data) }
        return try SQLiteScalars.decode(D.self, as: kind, from: data, column: column)
    }
}

private struct SQLiteColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
