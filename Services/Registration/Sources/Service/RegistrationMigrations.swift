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
    ]
}
