import Foundation
import SQLiteKit

/// Conversions between the scalar types services bind and read and SQLite's values, without
/// the protocol-conformance lookups of SQLiteKit's encoder and decoder. Each uses SQLiteNIO's
/// own conversion for the type, so the stored values are the same.
///
/// A value's type is found by identity in a table built once. Naming `String?.self` and the
/// like in a `switch`, or casting with `as?` to each candidate in turn, looked up generic type
/// metadata for every value (perf, relief-benchmark).
enum SQLiteScalars {
    static let fallbackEncoder = SQLiteDataEncoder()
    static let fallbackDecoder = SQLiteDataDecoder()

    fileprivate enum Scalar { case string, int, int64, date, data, bool, double, sqliteData }

    /// A scalar type, or the optional of one.
    struct Kind {
        fileprivate let scalar: Scalar
        fileprivate let optional: Bool
    }

    private static let kinds: [ObjectIdentifier: Kind] = {
        let types: [(Scalar, Any.Type, Any.Type)] = [
            (.string, String.self, String?.self), (.int, Int.self, Int?.self), (.int64, Int64.self, Int64?.self),
            (.date, Date.self, Date?.self), (.data, Data.self, Data?.self), (.bool, Bool.self, Bool?.self),
            (.double, Double.self, Double?.self), (.sqliteData, SQLiteData.self, SQLiteData?.self),
        ]
        var kinds: [ObjectIdentifier: Kind] = [:]
        for (scalar, type, optional) in types {
            kinds[ObjectIdentifier(type)] = Kind(scalar: scalar, optional: false)
            kinds[ObjectIdentifier(optional)] = Kind(scalar: scalar, optional: true)
        }
        return kinds
    }()

    /// The value to bind for `value`; a `nil` optional binds NULL, as SQLiteKit's encoder does.
    static func data(for value: any Encodable & Sendable) throws -> SQLiteData {
        if let data = scalar(value) { return data }
        return try fallbackEncoder.encode(value)
    }

    /// `value` converted directly when its type is in the table (the existential opened).
    /// Values are reinterpreted through raw memory rather than `unsafeBitCast`, whose size check
    /// looked up `Optional`'s metadata for every value.
    private static func scalar<T: Encodable>(_ value: T) -> SQLiteData? {
        guard let kind = kinds[ObjectIdentifier(T.self)] else { return nil }
        func bind<Value>(_ type: Value.Type, _ convert: (Value) -> SQLiteData?) -> SQLiteData? {
            withUnsafePointer(to: value) { pointer in
                let raw = UnsafeRawPointer(pointer)
                guard kind.optional else { return convert(raw.load(as: Value.self)) }
                return raw.load(as: Value?.self).map(convert) ?? .null
            }
        }
        switch kind.scalar {
        case .string: return bind(String.self) { .text($0) }
        case .int: return bind(Int.self) { .integer($0) }
        case .int64: return bind(Int64.self) { .integer(Int($0)) }
        case .date: return bind(Date.self) { $0.sqliteData }
        case .data: return bind(Data.self) { $0.sqliteData }
        case .bool: return bind(Bool.self) { $0.sqliteData }
        case .double: return bind(Double.self) { $0.sqliteData }
        case .sqliteData: return bind(SQLiteData.self) { $0 }
        }
    }

    /// How `D` is read directly by ``decode(_:as:from:column:)``; nil when SQLiteKit's decoder
    /// reads it. Asked apart from the reading so that no `D?` is formed (its metadata is looked
    /// up at run time for every column read).
    static func directKind<D>(of type: D.Type) -> Kind? {
        guard let kind = kinds[ObjectIdentifier(D.self)], kind.scalar != .sqliteData else { return nil }
        return kind
    }

    /// `data` as `D`, whose kind ``directKind(of:)`` gave.
    /// - Throws: when `data` cannot be read as `D`, as SQLiteKit's decoder would.
    static func decode<D>(_ type: D.Type, as kind: Kind, from data: SQLiteData, column: String) throws -> D {
        func read<Value>(_ type: Value.Type, _ convert: (SQLiteData) -> Value?) throws -> D {
            let value: Value?
            if kind.optional, data == .null {
                value = nil
            } else {
                guard let converted = convert(data) else {
                    throw DecodingError.typeMismatch(D.self, .init(
                        codingPath: [], debugDescription: "could not read column \(column) (\(data)) as \(D.self)"))
                }
                value = converted
            }
            if kind.optional { return withUnsafePointer(to: value) { UnsafeRawPointer($0).load(as: D.self) } }
            return withUnsafePointer(to: value!) { UnsafeRawPointer($0).load(as: D.self) }
        }
        switch kind.scalar {
        case .string: return try read(String.self, String.init(sqliteData:))
        case .int: return try read(Int.self, Int.init(sqliteData:))
        case .int64: return try read(Int64.self, Int64.init(sqliteData:))
        case .date: return try read(Date.self, Date.init(sqliteData:))
        case .data: return try read(Data.self, Data.init(sqliteData:))
        case .bool: return try read(Bool.self, Bool.init(sqliteData:))
        case .double: return try read(Double.self, Double.init(sqliteData:))
        case .sqliteData: preconditionFailure("SQLiteData is read by SQLiteKit")
        }
    }
}
