import Foundation
import SQLKit

/// One step of a service's schema, written with sql-kit's builders so it renders for SQLite and
/// PostgreSQL alike. Migrations are applied once each, in order, and recorded by id.
public struct DatabaseMigration: Sendable {
    public let id: String
    public let apply: @Sendable (any SQLDatabase) async throws -> Void

    public init(_ id: String, apply: @escaping @Sendable (any SQLDatabase) async throws -> Void) {
        self.id = id
        self.apply = apply
    }
}

extension ServiceDatabase {
    /// Applies the migrations not yet applied, each in its own transaction with its record, so a
    /// crash midway leaves either all or none of a step.
    public func migrate(_ migrations: [DatabaseMigration]) async throws {
        try await withConnection { database in
            try await database.create(table: "schema_migrations").ifNotExists()
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("applied_at", type: .timestamp, .notNull)
                .run()
        }
        for migration in migrations {
            try await transaction { database in
                let applied = try await database.select().column("id").from("schema_migrations")
                    .where("id", .equal, migration.id).first()
                guard applied == nil else { return }
                try await migration.apply(database)
                try await database.insert(into: "schema_migrations")
                    .columns("id", "applied_at").values(SQLBind(migration.id), SQLBind(Date()))
                    .run()
            }
        }
        if migrations.contains(where: { $0.id == AuditTrail.migration.id }) { auditing.set() }
    }
}
