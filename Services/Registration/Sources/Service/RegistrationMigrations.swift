import ServiceKit
import SQLKit

/// The registration service's schema.
public enum RegistrationMigrations {
    public static let all: [DatabaseMigration] = [
        Outbox.migration,
        Inbox.migration,
        DatabaseMigration("registration-households-1") { database in
            try await database.create(table: "households")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("area_code", type: .text, .notNull)
                .column("registered_by", type: .text, .notNull)
                .column("registered_at", type: .timestamp, .notNull)
                .column("updated_at", type: .timestamp, .notNull)
                .run()
        },
        DatabaseMigration("registration-residents-1") { database in
            try await database.create(table: "residents")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("identity_number", type: .text, .notNull, .unique)
                .column("person_id", type: .text, .notNull, .unique)
                .column("name", type: .text, .notNull)
                .column("sex", type: .text, .notNull)
                .column("birth_year", type: .int, .notNull)
                .column("birth_date", type: .text, .notNull)
                .column("phone", type: .text)
                .column("household_id", type: .text, .notNull, .references("households", "id"))
                .column("relationship", type: .text, .notNull)
                .column("disability_grade", type: .int)
                .column("left_behind_child", type: .int, .notNull)
                .column("child_in_difficulty", type: .int, .notNull)
                .column("institutional_care", type: .int, .notNull)
                .column("registered_by", type: .text, .notNull)
                .column("registered_at", type: .timestamp, .notNull)
                .column("updated_at", type: .timestamp, .notNull)
                .run()
            try await database.create(index: "residents_household").on("residents").column("household_id").run()
            try await database.create(index: "residents_likely_duplicate").on("residents")
                .column("name").column("birth_date").run()
        },
        DatabaseMigration("registration-household-import-ref-1") { database in
            try await database.alter(table: "households").column("import_ref", type: .text).run()
            try await database.create(index: "households_import_ref").unique().on("households").column("import_ref").run()
        },
        DatabaseMigration("registration-resident-history-1") { database in
            try await database.create(table: "resident_history")
                .column("seq", type: .bigint, .primaryKey(autoIncrement: true))
                .column("resident_id", type: .text, .notNull)
                .column("field", type: .text, .notNull)
                .column("before_value", type: .text)
                .column("after_value", type: .text)
                .column("changed_by", type: .text, .notNull)
                .column("changed_at", type: .timestamp, .notNull)
                .column("reason", type: .text, .notNull)
                .run()
            try await database.create(index: "resident_history_resident").on("resident_history").column("resident_id").run()
        },
        DatabaseMigration("registration-applications-1") { database in
            try await database.create(table: "applications")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("household_id", type: .text, .notNull, .references("households", "id"))
                .column("beneficiary_resident_id", type: .text, .notNull)
                .column("person_id", type: .text, .notNull)
                .column("program", type: .text, .notNull)
                .column("status", type: .text, .notNull)
                .column("household_monthly_income_fen", type: .bigint)
                .column("monthly_amount_fen", type: .bigint)
                .column("one_off_amount_fen", type: .bigint)
                .column("submitted_by", type: .text, .notNull)
                .column("submitted_at", type: .timestamp, .notNull)
                .column("decided_by", type: .text)
                .column("decided_at", type: .timestamp)
                .column("reason", type: .text)
                .column("review_due_on", type: .text)
                .column("updated_at", type: .timestamp, .notNull)
                .run()
            try await database.create(index: "applications_review").on("applications")
                .column("status").column("review_due_on").run()
            try await database.create(table: "decisions")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("application_id", type: .text, .notNull, .references("applications", "id"))
                .column("outcome", type: .text, .notNull)
                .column("monthly_amount_fen", type: .bigint)
                .column("effective_month", type: .text, .notNull)
                .column("reason", type: .text)
                .column("decided_by", type: .text, .notNull)
                .column("decided_at", type: .timestamp, .notNull)
                .run()
        },
        // The resident list pages in registration order and filters by area: without these a
        // page of a 100,000-resident register sorted the whole register and scanned every household.
        DatabaseMigration("registration-resident-list-1") { database in
            try await database.create(index: "residents_registration_order").on("residents")
                .column("registered_at").column("id").run()
            try await database.create(index: "households_area").on("households").column("area_code").run()
        },
        // An import's household_ref is unique within its area, not across the district: a second
        // office's "1" is its own household.
        StandardChanges.migration,
        DatabaseMigration("registration-household-import-ref-per-area-1") { database in
            try await database.drop(index: "households_import_ref").run()
            try await database.create(index: "households_area_import_ref").unique().on("households")
                .column("area_code").column("import_ref").run()
        },
        Decisions.reasonCodeColumn,
        AuditTrail.migration,
        Inbox.migration,
        AssistanceNeedDrafts.migration,
        ApplicationDesk.carePlanColumn,
        ConsoleSessions.migration,
        ApplicationDesk.queueIndex,
    ]
}