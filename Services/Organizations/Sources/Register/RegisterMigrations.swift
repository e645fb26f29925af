import ServiceKit
import SQLKit

/// The register's tables.
public enum RegisterMigrations {
    public static let register = DatabaseMigration("organizations-register-1") { database in
        try await database.create(table: "organizations")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("comparable_name", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("domicile_area_code", type: .text, .notNull)
            .column("legal_representative", type: .text)
            .column("business_scope", type: .text)
            .column("start_up_funds_fen", type: .bigint)
            .column("supervising_unit", type: .text)
            .column("credit_code", type: .text, .unique)
            .column("reserved_until", type: .text)
            .column("established_on", type: .text)
            .column("updated_at", type: .timestamp, .notNull)
            .run()
        // A name is held by one active organization or live reservation at a time.
        try await database.create(table: "name_claims")
            .column("comparable_name", type: .text, .primaryKey(autoIncrement: false))
            .column("organization_id", type: .text, .notNull)
            .column("expires_on", type: .text)
            .run()
        try await database.create(table: "credit_code_serials")
            .column("region", type: .text, .primaryKey(autoIncrement: false))
            .column("last_serial", type: .int, .notNull)
            .run()
        try await database.create(table: "register_changes")
            .column("organization_id", type: .text, .notNull)
            .column("field", type: .text, .notNull)
            .column("old_value", type: .text)
            .column("new_value", type: .text)
            .column("filing_id", type: .text, .notNull)
            .column("changed_by", type: .text, .notNull)
            .column("changed_at", type: .timestamp, .notNull)
            .run()
        try await database.create(table: "annual_reports")
            .column("organization_id", type: .text, .notNull)
            .column("year", type: .int, .notNull)
            .column("filing_id", type: .text, .notNull)
            .primaryKey("organization_id", "year")
            .run()
        try await database.create(table: "filings")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("organization_id", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("details", type: .text, .notNull)
            .column("documents", type: .text, .notNull)
            .column("due_on", type: .text, .notNull)
            .column("submitted_by", type: .text, .notNull)
            .column("submitted_at", type: .timestamp, .notNull)
            .column("decided_by", type: .text)
            .column("decided_at", type: .timestamp)
            .column("reason", type: .text)
            .run()
        try await database.create(index: "filings_open").on("filings").column("status").column("due_on").run()
    }

    /// Who entered a returned filing's correction; `submitted_by` stays the first submitter.
    public static let resubmittedBy = DatabaseMigration("organizations-filings-2-resubmitted-by") { database in
        try await database.alter(table: "filings").column("resubmitted_by", type: .text).run()
    }
}
