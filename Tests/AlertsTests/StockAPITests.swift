@testable import Alerts
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import ServiceKit
import SQLKit
import Testing

@Suite("Stock, readiness and the timeline over HTTP", .serialized)
struct StockAPITests {
    @Test("a typhoon's logistics through the API: stock received, a shelter supplied for the alert in one request, readiness in the alert's areas view, the timeline; refusals are problem+json and move nothing",
          .timeLimit(.minutes(2)))
    func logisticsOverHTTP() async throws {
        try await AlertsFixture.withDatabase { database in
            let areas = try AlertsFixture.areas(communities: 2)
            try await AlertsFixture.seed(database, areas: [AlertsFixture.community(1)], perArea: 10)
            let router = try AlertsFixture.router(database, areas: areas)
            try await Application(router: router).test(.router) { client in
                #expect(try await client.post("/v1/stores", #"{"storeId":"WH-1","name":"区仓库","kind":"district","areaCode":"330106"}"#, token: "duty").0 == 201)
                #expect(try await client.post("/v1/stores", #"{"storeId":"WH-2","name":"x","kind":"district","areaCode":"330106"}"#, token: "officer").0 == 403)
                #expect(try await client.post("/v1/stores/WH-1/receipts", #"{"item":"quilt","quantity":30,"batchId":"Q-1"}"#, token: "duty").0 == 201)
                #expect(try await client.post("/v1/stores/WH-1/receipts", #"{"item":"quilt","quantity":30,"colour":"red"}"#, token: "duty").0 == 400)
                let (short, problem) = try await client.post(
                    "/v1/stores/WH-1/issues", #"{"items":[{"item":"quilt","quantity":31}],"note":"转移安置"}"#, token: "officer")
                #expect(short == 409 && problem["type"] as? String == "urn:civil-affairs:problem:insufficient-stock")
                #expect((problem["shortfall"] as? [String: String])?["quilt"] == "1")
                #expect(try await client.list("/v1/stores/WH-1/stock", token: "auditor").1.first?["onHand"] as? Int == 30)
                #expect(try await client.get("/v1/stock/expiring?withinDays=many", token: "duty").0 == 400)

                _ = try await client.post("/v1/shelters", """
                    {"shelterId":"SH-1","name":"社区1 避灾点","areaCode":"\(AlertsFixture.community(1))","capacity":20,"location":{"latitude":30.25,"longitude":120.11}}
                    """, token: "officer")
                let (checked, ready) = try await client.post(
                    "/v1/shelters/SH-1/checks", #"{"signage":true,"lighting":true,"water":true,"power":false,"staffOnDuty":3}"#, token: "officer")
                #expect(checked == 200 && (ready["gaps"] as? [String])?.contains("power not ready") == true)

                let (_, alert) = try await AlertsAPITests.postCAP(client, CAPCorpus.minimal(identifier: "typhoon-5"))
                #expect(alert["state"] as? String == "issued")
                let (supplied, entries) = try await client.execute(
                    uri: "/v1/shelters/SH-1/supplies", method: .post,
                    headers: [.authorization: "Bearer officer", .contentType: "application/json"],
                    body: ByteBuffer(string: #"{"fromStoreId":"WH-1","items":[{"item":"quilt","quantity":20}],"alertId":"typhoon-5"}"#)
                ) { response in (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]] ?? []) }
                #expect(supplied == .created && entries.count == 2)
                #expect(try await client.post("/v1/shelters/SH-1/check-ins", """
                    {"personId":"p_\(AlertsFixture.community(1))00000100000000000000","alertId":"typhoon-5","homeDamaged":true}
                    """, token: "officer").0 == 201)
                #expect(try await client.post("/v1/shelters/SH-1/check-ins", """
                    {"personId":"p_\(AlertsFixture.community(1))00000200000000000000","homeDamaged":true}
                    """, token: "officer").0 == 400)

                let (_, statuses) = try await client.list("/v1/alerts/typhoon-5/areas", token: "duty")
                let shelters = statuses.first { $0["areaCode"] as? String == AlertsFixture.community(1) }?["shelters"] as? [[String: Any]]
                #expect(shelters?.map { $0["shelterId"] as? String } == ["SH-1"])
                #expect((shelters?.first?["supplies"] as? [[String: Any]])?.first { $0["item"] as? String == "quilt" }?["short"] as? Int == 0)
                let (_, readiness) = try await client.list("/v1/shelters/readiness", token: "auditor")
                #expect(readiness.first?["ready"] as? Bool == false)

                let (timelineStatus, timeline) = try await client.get("/v1/alerts/typhoon-5/timeline?bucketMinutes=1", token: "duty")
                #expect(timelineStatus == 200)
                let totals = timeline["totals"] as? [String: Any] ?? [:]
                #expect(totals["stockIssued"] as? Int == 20 && totals["shelterOccupancy"] as? Int == 1 && totals["shelterCapacity"] as? Int == 20)
                let buckets = timeline["buckets"] as? [[String: Any]] ?? []
                #expect(buckets.reduce(0) { $0 + ($1["checkIns"] as? Int ?? 0) } == 1)
                #expect(try await client.get("/v1/alerts/typhoon-5/timeline?bucketMinutes=0", token: "duty").0 == 400)
                #expect(try await client.get("/v1/alerts/typhoon-5/drill", token: "duty").0 == 409)

                // Stock-taking over HTTP: the counter cannot approve their own count.
                let (opened, take) = try await client.post("/v1/stores/WH-1/stock-takes", "", token: "duty")
                let takeId = take["stockTakeId"] as? String ?? ""
                #expect(opened == 201 && (take["lines"] as? [[String: Any]])?.first?["book"] as? Int == 10)
                _ = try await client.post("/v1/stock-takes/\(takeId)/counts",
                                          #"{"counts":[{"item":"quilt","batchId":"Q-1","counted":9,"reason":"破损 1 床"}]}"#, token: "duty")
                #expect(try await client.post("/v1/stock-takes/\(takeId)/submission", "", token: "duty").0 == 200)
                #expect(try await client.post("/v1/stock-takes/\(takeId)/approval", "", token: "duty").0 == 403)
                #expect(try await client.post("/v1/stock-takes/\(takeId)/approval", "", token: "duty2").0 == 200)
                #expect(try await client.list("/v1/stores/WH-1/stock", token: "auditor").1.first?["onHand"] as? Int == 9)
            }
        }
    }
}
