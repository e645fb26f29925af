import Foundation
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Registration
import ServiceKit
import Testing

/// The auditors' trail, read through HTTP: each act that took effect, with who and when, found by
/// the record it created or touched; a refused act leaves nothing.
@Suite("Audit trail", .serialized)
struct AuditTrailTests {
    @Test("acts are found by record, staff and time; refused and read-only requests leave no entry; only auditors read it")
    func trail() async throws {
        let fixture = try await RegistrationFixture()
        let before = Date()
        try await Application(router: fixture.router).test(.router) { client in
            let (_, household) = try await client.post("/v1/households", #"{"areaCode":"330106001001"}"#)
            let householdId = household["householdId"] as? String ?? ""
            let (_, resident) = try await client.post("/v1/residents", #"""
                {"identityNumber":"330106193805120047","name":"王秀英","householdId":"\#(householdId)","relationship":"head"}
                """#)
            let residentId = (resident["resident"] as? [String: Any])?["residentId"] as? String ?? ""
            let (_, application) = try await client.post("/v1/applications", #"""
                {"householdId":"\#(householdId)","beneficiaryResidentId":"\#(residentId)","program":"dibao","householdMonthlyIncomeFen":30000}
                """#)
            let applicationId = application["applicationId"] as? String ?? ""
            let (second, _) = try await client.post("/v1/applications", #"""
                {"householdId":"\#(householdId)","beneficiaryResidentId":"\#(residentId)","program":"dibao","householdMonthlyIncomeFen":30000}
                """#)
            #expect(second == 409, "one open dibao per household")
            let (decided, _) = try await client.post(
                "/v1/applications/\(applicationId)/decisions", #"{"action":"approve"}"#, token: "approver-1")
            #expect(decided == 200)
            _ = try await client.get("/v1/applications/\(applicationId)")

            let (status, acts) = try await client.list("/v1/audit?record=\(applicationId)", token: "auditor")
            #expect(status == 200)
            #expect(acts.map { $0["staffId"] as? String } == ["staff-0007", "staff-0042"], "the decision, then the creation")
            #expect(acts.last?["record"] as? String == applicationId && acts.last?["action"] as? String == "POST")
            #expect(acts.first?["path"] as? String == "/v1/applications/\(applicationId)/decisions")

            let (_, byCaseworker) = try await client.list("/v1/audit?staff=staff-0042&pageSize=50", token: "auditor")
            #expect(byCaseworker.count == 3, "household, resident, application: the refused second application left nothing")
            #expect(byCaseworker.contains { $0["record"] as? String == householdId })
            let day = ISO8601DateFormatter().string(from: before.addingTimeInterval(-1))
            let (_, since) = try await client.list("/v1/audit?from=\(day)&pageSize=50", token: "auditor")
            #expect(since.count == 4)
            let (_, none) = try await client.list("/v1/audit?until=2020-01-01", token: "auditor")
            #expect(none.isEmpty)
            #expect(try await client.list("/v1/audit", token: "caseworker").0 == 403)
            #expect(try await client.list("/v1/audit?record=a%25b", token: "auditor").0 == 400)
            #expect(try await client.list("/v1/audit?from=yesterday", token: "auditor").0 == 400)
        }
        try await fixture.database.close()
    }
}
