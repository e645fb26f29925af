import SQLKit

extension SQLDatabase {
    /// Inserts many rows with as few statements as the databases' bind limits allow. A payroll
    /// release writes tens of thousands of rows; building sql-kit's expression tree node by node
    /// for each value cost more than SQLite's own work, so the values are serialized flat.
    /// - Parameters:
    ///   - conflict: columns of a unique key; rows that clash with an existing row are skipped.
    ///   - returning: a column to return from the rows actually inserted.
    /// - Returns: the `returning` column of the inserted rows (empty without `returning`).
    public func insertRows(
        into table: String, columns: [String], rows: [[any Encodable & Sendable]],
        ignoringConflictsOn conflict: [String]? = nil, returning: String? = nil
    ) async throws -> [any SQLRow] {
        let perStatement = max(1, 30_000 / max(1, columns.count))
        var inserted: [any SQLRow] = []
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var sql: SQLQueryString = "INSERT INTO \(ident: table) (\(idents: columns, joinedBy: ", ")) VALUES \(FlatValues(rows: rows[start..<min(start + perStatement, rows.count)]))"
            if let conflict { sql.appendInterpolation(unsafeRaw: " ON CONFLICT ("); sql.appendInterpolation(idents: conflict, joinedBy: ", "); sql.appendInterpolation(unsafeRaw: ") DO NOTHING") }
            if let returning { sql.appendInterpolation(unsafeRaw: " RETURNING "); sql.appendInterpolation(ident: returning) }
            if returning != nil {
                inserted += try await raw(sql).all()
            } else {
                try await raw(sql).run()
            }
        }
        return inserted
    }
}

/// `(?1, ?2), (?3, ?4)`: each value a bind, without an expression node per value.
private struct FlatValues: SQLExpression {
    let rows: ArraySlice<[any Encodable & Sendable]>

    func serialize(to serializer: inout SQLSerializer) {
        let placeholders = Placeholders(for: serializer)
        var firstRow = true
        for row in rows {
            serializer.write(firstRow ? "(" : ", (")
            firstRow = false
            for (index, value) in row.enumerated() {
                if index > 0 { serializer.write(", ") }
                placeholders.write(value, to: &serializer)
            }
            serializer.write(")")
        }
    }
}

/// How the dialect writes a bind's placeholder, learnt once per statement: asking the dialect
/// for each of a release's million binds built an expression and an interpolated string each
/// time, a tenth of the release's serializing.
private enum Placeholders {
    /// The same text for every bind (MySQL's `?`).
    case constant(String)
    /// A prefix and the bind's position (SQLite's `?1`, PostgreSQL's `$1`).
    case numbered(prefix: String)
    /// Anything else: ask the dialect each time.
    case dialect

    init(for serializer: SQLSerializer) {
        func text(at position: Int) -> String {
            var probe = SQLSerializer(database: serializer.database)
            serializer.dialect.bindPlaceholder(at: position).serialize(to: &probe)
            return probe.sql
        }
        let (first, second) = (text(at: 1), text(at: 2))
        if first == second {
            self = .constant(first)
        } else if first.hasSuffix("1"), second == first.dropLast() + "2" {
            self = .numbered(prefix: String(first.dropLast()))
        } else {
            self = .dialect
        }
    }

    func write(_ value: any Encodable & Sendable, to serializer: inout SQLSerializer) {
        switch self {
        case .constant(let text):
            serializer.binds.append(value)
            serializer.write(text)
        case .numbered(let prefix):
            serializer.binds.append(value)
            serializer.write(prefix)
            serializer.write(String(serializer.binds.count))
        case .dialect:
            serializer.write(bind: value)
        }
    }
}
