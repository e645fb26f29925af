import Foundation
import SQLiteKit

/// Conversions between the scalar types services bind and read and SQLite's values, without
/// the protocol-conformance lookups of SQLiteKit's encoder and decoder. Each uses SQLiteNIO's
/// own conversion for the type, so the stored values are the same.
enum SQLiteScalars {
    static let fallbackEncoder = SQLiteDataEncoder()
    static let fallbackDecoder = SQLiteDataDecoder()

    /// The value to bind for `value`.
    static func data(for value: any Encodable & Sendable) throws -> SQLiteData {
        // A cast to a concrete type compares type metadata; `nil` optionals fail every case and
        // are encoded as NULL by SQLiteKit.
        switch value {
        case let value as String: return .text(value)
        case let value as Int: return .integer(value)
        case let value as Int64: return .integer(Int(value))
        case let value as Date: if let data = value.sqliteData { return data }
        case let value as Data: if let data = value.sqliteData { return data }
        case let value as Bool: if let data = value.sqliteData { return data }
        case let value as Double: if let data = value.sqliteData { return data }
        case let value as SQLiteData: return value
        default: break
        }
        return try fallbackEncoder.encode(value)
    }

    /// `data` as `D` when `D` is one of the scalar types or its optional; nil for other types.
    /// - Throws: when `data` cannot be read as `D`, as SQLiteKit's decoder would.
    static func decode<D>(_ type: D.Type, from data: SQLiteData, column: String) throws -> D? {
        func exactly<Value: SQLiteDataConvertible>(_ value: Value.Type, optional: Bool) throws -> D {
            if optional, data == .null { return Optional<Value>.none as! D }
            guard let value = Value(sqliteData: data) else {
                throw DecodingError.typeMismatch(D.self, .init(
                    codingPath: [], debugDescription: "could not read column \(column) (\(data)) as \(D.self)"))
            }
            return optional ? Optional(value) as! D : value as! D
        }
        switch ObjectIdentifier(D.self) {
        case ObjectIdentifier(String.self): return try exactly(String.self, optional: false)
        case ObjectIdentifier(String?.self): return try exactly(String.self, optional: true)
        case ObjectIdentifier(Int.self): return try exactly(Int.self, optional: false)
        case ObjectIdentifier(Int?.self): return try exactly(Int.self, optional: true)
        case ObjectIdentifier(Int64.self): return try exactly(Int64.self, optional: false)
        case ObjectIdentifier(Int64?.self): return try exactly(Int64.self, optional: true)
        case ObjectIdentifier(Date.self): return try exactly(Date.self, optional: false)
        case ObjectIdentifier(Date?.self): return try exactly(Date.self, optional: true)
        case ObjectIdentifier(Data.self): return try exactly(Data.self, optional: false)
        case ObjectIdentifier(Data?.self): return try exactly(Data.self, optional: true)
        case ObjectIdentifier(Bool.self): return try exactly(Bool.self, optional: false)
        case ObjectIdentifier(Bool?.self): return try exactly(Bool.self, optional: true)
        case ObjectIdentifier(Double.self): return try exactly(Double.self, optional: false)
        case ObjectIdentifier(Double?.self): return try exactly(Double.self, optional: true)
        default: return nil
        }
    }
}
