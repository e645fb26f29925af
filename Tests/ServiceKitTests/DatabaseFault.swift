import KafkaTestSupport
import SQLKit
import ServiceKit

/// Makes a real database refuse writes the way a failed-over or full one does, and lets it
/// write again: SQLite's writer goes query-only (SQLITE_READONLY); on PostgreSQL a trigger
/// raises 25006 (read_only_sql_transaction) on the test ledger, as a read-only standby would.
enum DatabaseFault {
    static func readOnly(_ database: ServiceDatabase, kind: TestDatabase) async throws {
        switch kind {
        case .sqlite:
            try await database.withConnection { try await $0.raw("PRAGMA query_only = 1").run() }
        default:
            try await database.withConnection { database in
                try await database.raw("""
                    CREATE OR REPLACE FUNCTION refuse_writes() RETURNS trigger AS $$
                    BEGIN RAISE EXCEPTION 'cannot execute in a read-only transaction' USING ERRCODE = '25006'; END $$ LANGUAGE plpgsql
                    """).run()
                try await database.raw("""
                    CREATE TRIGGER refuse_writes BEFORE INSERT OR UPDATE ON shelter_ledger
                    FOR EACH ROW EXECUTE FUNCTION refuse_writes()
                    """).run()
            }
        }
    }

    static func writable(_ database: ServiceDatabase, kind: TestDatabase) async throws {
        switch kind {
        case .sqlite:
            try await database.withConnection { try await $0.raw("PRAGMA query_only = 0").run() }
        default:
            try await database.withConnection { try await $0.raw("DROP TRIGGER refuse_writes ON shelter_ledger").run() }
        }
    }
}
