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
}
