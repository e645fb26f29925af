import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Registration
import ServiceKit
import Testing

@Suite("Resident queries and the program report")
struct QueryTests {
    func list(_ client: some TestClientProtocol, _ query: String) async throws -> (Int, [String], Int) {
        try await client.execute(uri: "/v1/residents?\(query)", method: .get, headers: [.authorization: "Bearer auditor"]) { response in
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
            let names = (object["residents"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            return (response.status.code, names, object["total"] as? Int ?? -1)
        }
    }

    @Test("residents by area (a street includes its communities), flags, program status and page; the half-year counts")
    func queries() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let urban = try await client.post("/v1/households", #"{"areaCode":"330106001001"}"#).1["householdId"] as? String ?? ""
            let rural = try await client.post("/v1/households", #"{"areaCode":"330106101201"}"#).1["householdId"] as? String ?? ""
            let grandmother = try await client.post("/v1/residents", #"{"identityNumber":"330106193805120047","name":"王秀英","householdId":"\#(urban)","relationship":"head"}"#).1
            _ = try await client.post("/v1/residents", #"{"identityNumber":"44030519900101123X","name":"陈伟","householdId":"\#(rural)","relationship":"head"}"#)
            _ = try await client.post("/v1/residents", #"{"identityNumber":"510107201806150317","name":"陈小明","householdId":"\#(rural)","relationship":"child","leftBehindChild":true}"#)
            let residentId = (grandmother["resident"] as? [String: Any])?["residentId"] as? String ?? ""

            #expect(try await list(client, "areaCode=330106001").1 == ["王秀英"])
            #expect(try await list(client, "areaCode=330106").2 == 3)
            #expect(try await list(client, "flags=aged-80-plus,living-alone").1 == ["王秀英"])
            #expect(try await list(client, "flags=left-behind-child").1 == ["陈小明"])
            #expect(try await list(client, "pageSize=2&page=2") == (200, ["陈小明"], 3))
            #expect(try await list(client, "flags=rich").0 == 400)
            #expect(try await list(client, "pageSize=0").0 == 400)

            let application = try await client.post("/v1/applications", #"{"householdId":"\#(urban)","beneficiaryResidentId":"\#(residentId)","program":"dibao","householdMonthlyIncomeFen":0}"#).1["applicationId"] as? String ?? ""
            #expect(try await list(client, "program=dibao").1 == [])
            #expect(try await list(client, "program=dibao&programStatus=submitted").1 == ["王秀英"])
            _ = try await client.post("/v1/applications/\(application)/decisions", #"{"action":"approve"}"#, token: "approver-1")
            #expect(try await list(client, "program=dibao").1 == ["王秀英"])
            #expect(try await list(client, "flags=dibao-household,aged-85-to-89").1 == ["王秀英"])

            let report = try await client.execute(uri: "/v1/reports/programs?from=2026-01-01&until=2100-01-01", method: .get, headers: [.authorization: "Bearer auditor"]) { response in
                (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
            }
            let rows = report["rows"] as? [[String: Any]] ?? []
            #expect(rows.count == 1)
            #expect(rows.first?["areaCode"] as? String == "330106001001")
            #expect(rows.first?["approved"] as? Int == 1 && rows.first?["exited"] as? Int == 0)
            #expect(rows.first?["householdsOnRoll"] as? Int == 1 && rows.first?["personsOnRoll"] as? Int == 1)
            let bad = try await client.execute(uri: "/v1/reports/programs?from=2026-07-01&until=2026-01-01", method: .get, headers: [.authorization: "Bearer auditor"]) { $0.status }
            #expect(bad == .badRequest)
        }
        try await fixture.database.close()
    }
}
