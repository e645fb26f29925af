@testable import Alerts
import Foundation
import KafkaTestSupport
import SQLKit
import Testing

@Suite("Resident directory storage")
struct ResidentDirectoryIndexTests {
    @Test("an area's recipients are read in notification order from the index alone (SQLite's plan)")
    func recipientsReadFromCoveringIndex() async throws {
        try await AlertsFixture.withDatabase(.sqlite) { database in
            try await AlertsFixture.seed(database, areas: [AlertsFixture.community(1)], perArea: 10)
            let plan = try await database.withConnection { sql in
                try await sql.raw("""
                    EXPLAIN QUERY PLAN SELECT person_id, household_id, area_code, priority, vulnerabilities, phone
                    FROM alert_residents WHERE area_code = '330106001001' ORDER BY priority, person_id LIMIT 100
                    """).all().map { try $0.decode(column: "detail", as: String.self) }
            }
            #expect(plan.contains { $0.contains("COVERING INDEX alert_residents_dispatch_order") }, "plan: \(plan)")
            let recipients = try await database.withConnection {
                try await ResidentDirectory().recipients(in: AlertsFixture.community(1), after: nil, limit: 100, in: $0)
            }
            #expect(recipients.count == 10)
            #expect(recipients.map(\.priority) == recipients.map(\.priority).sorted())
        }
    }

    @Test("walking an area batch by batch from the last recipient gives each resident once, in notification order",
          arguments: TestDatabase.available)
    func walkInBatches(_ kind: TestDatabase) async throws {
        try await AlertsFixture.withDatabase(kind) { database in
            try await AlertsFixture.seed(database, areas: [AlertsFixture.community(1), AlertsFixture.community(2)], perArea: 45)
            var walked: [Recipient] = []
            var cursor: DispatchCursor?
            while true {
                let batch = try await database.withConnection { [cursor] in
                    try await ResidentDirectory().recipients(in: AlertsFixture.community(1), after: cursor, limit: 7, in: $0)
                }
                walked += batch
                guard let last = batch.last, batch.count == 7 else { break }
                cursor = DispatchCursor(priority: last.priority, personId: last.personId)
            }
            let all = try await database.withConnection {
                try await ResidentDirectory().recipients(in: AlertsFixture.community(1), after: nil, limit: 1000, in: $0)
            }
            #expect(all.count == 45)
            #expect(walked == all)
            #expect(Set(all.map(\.priority)) == [0, 1])
            let order = all.map { DispatchCursor(priority: $0.priority, personId: $0.personId) }
            #expect(order == order.sorted())
        }
    }

    @Test("a batch after the first seeks to the last recipient in the index instead of scanning the area from its start (SQLite's plan)")
    func laterBatchSeeks() async throws {
        try await AlertsFixture.withDatabase(.sqlite) { database in
            let plan = try await database.withConnection { sql in
                try await sql.raw("""
                    EXPLAIN QUERY PLAN SELECT person_id, priority, phone FROM alert_residents
                    WHERE area_code = '330106001001' AND (priority, person_id) > (1, 'p_5')
                    ORDER BY priority, person_id LIMIT 100
                    """).all().map { try $0.decode(column: "detail", as: String.self) }
            }
            #expect(plan.contains { $0.contains("(area_code=? AND (priority,person_id)>(?,?))") }, "plan: \(plan)")
        }
    }
}
