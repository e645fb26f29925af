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

    /// An identity number of region 330106 for `birth` (YYYYMMDD), with its check character.
    static func identityNumber(born birth: String, sequence: Int) -> String {
        let body = "330106" + birth + String(format: "%03d", sequence)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    @Test("the list's flags, written in SQL, pick exactly the residents whose person snapshots carry the flag, at every age boundary",
          .timeLimit(.minutes(2)))
    func flagsInSQLMatchTheRule() async throws {
        let fixture = try await RegistrationFixture()  // today is 2026-11-29
        // Ages just on and just off each boundary, a 29 February birthday, a household of one.
        let births = ["19661129", "19661130", "19461129", "19461130", "19411129", "19411130", "19361130", "19361129",
                      "19440229", "20100101"]
        try await Application(router: fixture.router).test(.router) { client in
            let pair = try await client.post("/v1/households", #"{"areaCode":"330106001001"}"#).1["householdId"] as? String ?? ""
            let alone = try await client.post("/v1/households", #"{"areaCode":"330106101201"}"#).1["householdId"] as? String ?? ""
            let livesAlone = births.count - 2  // the 29 February birthday
            for (index, birth) in births.enumerated() {
                let household = index == livesAlone ? alone : pair
                let extra = index == births.count - 1 ? #","disabilityGrade":2,"leftBehindChild":true"# : ""
                let (status, _) = try await client.post("/v1/residents", #"""
                    {"identityNumber":"\#(Self.identityNumber(born: birth, sequence: index * 2 + 1))","name":"居民\#(index)",
                     "householdId":"\#(household)","relationship":"member"\#(extra)}
                    """#)
                #expect(status == 201, "\(birth)")
            }
        }
        try await fixture.publishOutbox()
        // Each registration republishes every member of the household: 1 + 2 + … + 9 for the pair's, 1 alone.
        let snapshots = try await fixture.records(on: TopicCatalog.person, count: (1...(births.count - 1)).reduce(0, +) + 1)
        let newest = Dictionary(try snapshots.map { message in
            let snapshot = try PersonSnapshot(cloudEvent: CloudEvent(kafkaMessage: message))
            return (snapshot.personId, Set(snapshot.vulnerabilities))
        }) { _, later in later }
        try await Application(router: fixture.router).test(.router) { client in
            let names = try await client.execute(uri: "/v1/residents?pageSize=500", method: .get, headers: [.authorization: "Bearer auditor"]) { response in
                let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
                return Dictionary(uniqueKeysWithValues: (object["residents"] as? [[String: Any]] ?? []).map {
                    ($0["personId"] as? String ?? "", $0["name"] as? String ?? "")
                })
            }
            #expect(names.count == births.count)
            for flag in Vulnerability.allCases {
                let byRule = Set(newest.filter { $0.value.contains(flag) }.keys.compactMap { names[$0] })
                let (status, bySQL, _) = try await list(client, "flags=\(flag.rawValue)&pageSize=500")
                #expect(status == 200)
                #expect(Set(bySQL) == byRule, "\(flag.rawValue)")
            }
        }
        try await fixture.database.close()
    }
}
