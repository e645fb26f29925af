import Foundation

/// Where a service keeps its data: a SQLite file of its own by default, or a PostgreSQL database
/// for deployments that need a shared, highly available one.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// Reads the configured value: a `postgres://` or `postgresql://` URL, or a file path
    /// (optionally written `sqlite:PATH`).
    /// - Throws: ``DatabaseLocationError`` for an empty value or another URL scheme.
    public init(_ text: String) throws(DatabaseLocationError) {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            self = .postgres(url: value)
        } else if value.hasPrefix("sqlite:") {
            let path = String(value.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw DatabaseLocationError(value: "sqlite:") }
            self = .sqlite(path: path)
        } else if value.isEmpty || value.contains("://") {
            throw DatabaseLocationError(value: value.contains("://") ? String(value.prefix { $0 != ":" }) + "://…" : value)
        } else {
            self = .sqlite(path: value)
        }
    }

    /// Names the database without the password.
    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite \(path)"
        case .postgres(let url):
            if let at = url.lastIndex(of: "@") {
                "PostgreSQL \(url.prefix { $0 != ":" })://…@\(url[url.index(after: at)...])"
            } else {
                "PostgreSQL \(url)"
            }
        }
    }
}

/// The database setting is neither a path nor a PostgreSQL URL.
public struct DatabaseLocationError: Error, Sendable, CustomStringConvertible {
    public let value: String
    public var description: String {
        "database: '\(value)' is neither a SQLite file path nor a postgres://user:password@host:port/database URL"
    }
}
