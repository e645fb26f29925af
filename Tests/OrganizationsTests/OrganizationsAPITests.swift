import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kafka
import KafkaTestSupport
@testable import Organizations
import ServiceKit
import SQLKit
import Testing

@Suite("Organizations API and events", .serialized)
struct OrganizationsAPITests {
    static let tokens = try! TokenDirectory(entries: """
        \(TokenDirectory.hash(ofToken: "clerk")) staff-0101 organizations clerk organizations
        \(TokenDirectory.hash(ofToken: "registrar")) staff-0102 organizations registrar organizations
        \(TokenDirectory.hash(ofToken: "auditor")) staff-0900 audit auditor organizations
        """)

    @Test("a reservation and establishment over HTTP; bad input gets problem+json and changes nothing; the register is public; events read back from the broker",
          .timeLimit(.minutes(2)))
    func filingsOverHTTP() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics(TopicCatalog.written(by: .organizations))
        let database = try await TestDatabase.sqlite.open(migrations: OrganizationsService.migrations)
        let router = ServiceRouter.make(
            service: .organizations, tokens: Self.tokens, audit: database, readiness: Readiness(checks: []), openAPI: OrganizationsOpenAPI.document, maxBodyBytes: 65_536,
            logger: quietLogger, publicPrefixes: OrganizationsRoutes.publicPrefixes)
        let policy = try JSONDecoder().decode(RegistrarPolicy.self, from: Data(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Services/Organizations/demo/registrar-policy.json")))
        OrganizationsRoutes.add(to: router, registrar: FilingDesk(database: database, policy: policy)) { "2026-11-02" }
        #expect(try OrganizationsOpenAPI.document.coverage(of: router) == .complete)

        @Sendable func filingCount() async throws -> Int {
            try await database.withConnection { try await $0.select().column("id").from("filings").all().count }
        }
        try await Application(router: router).test(.router) { client in
            // Bad input: each refused with problem+json, nothing written.
            let bad: [(String, Int, String)] = [
                (#"{"kind":"name-reservation""#, 400, "malformed-json"),
                (#"{"kind":"merger","details":{}}"#, 400, "invalid-body"),
                (#"{"kind":"name-reservation","details":{"name":"西湖区老年人体育协会","kind":"social-group","domicileAreaCode":"330106"}}"#, 400, "documents-missing"),
                (#"{"kind":"name-reservation","details":{"name":"中国老年人体育协会","kind":"social-group","domicileAreaCode":"330106"},"documents":[{"title":"名称预先核准申请表","receivedOn":"2026-11-02"}]}"#, 422, "name-refused"),
                (#"{"kind":"name-reservation","detials":{}}"#, 400, "unknown-field"),
            ]
            for (body, status, kind) in bad {
                let (code, problem) = try await client.post("/v1/filings", body, token: "clerk")
                #expect(code == status && problem["type"] as? String == "urn:civil-affairs:problem:\(kind)", "\(body)")
            }
            #expect(try await filingCount() == 0)

            let (created, filing) = try await client.post("/v1/filings", #"""
                {"kind":"name-reservation","details":{"name":"西湖区老年人体育协会","kind":"social-group","domicileAreaCode":"330106"},
                 "documents":[{"title":"名称预先核准申请表","receivedOn":"2026-11-02"}]}
                """#, token: "clerk")
            #expect(created == 201 && filing["dueOn"] as? String == "2026-11-09")
            let id = filing["filingId"] as? String ?? ""
            let (forbidden, _) = try await client.post("/v1/filings/\(id)/acceptance", "", token: "clerk")
            #expect(forbidden == 403)
            #expect(try await client.post("/v1/filings/\(id)/acceptance", "", token: "registrar").0 == 200)
            let (approved, decided) = try await client.post("/v1/filings/\(id)/approval", "", token: "registrar")
            #expect(approved == 200 && decided["status"] as? String == "approved" && decided["decidedBy"] as? String == "staff-0102")

            // The public register needs no token.
            let (found, list) = try await client.list("/v1/register?name=%E8%80%81%E5%B9%B4%E4%BA%BA&status=reserved", token: "none")
            #expect(found == 200 && list.count == 1 && list.first?["name"] as? String == "西湖区老年人体育协会")
            let organizationId = list.first?["organizationId"] as? String ?? ""
            let (entry, body) = try await client.get("/v1/register/\(organizationId)", token: "none")
            #expect(entry == 200 && (body["organization"] as? [String: Any])?["status"] as? String == "reserved")
            let (badCode, _) = try await client.list("/v1/register?code=51330106MJ0000173Y", token: "none")
            #expect(badCode == 400)
            let (filingsNeedToken, _) = try await client.get("/v1/filings/overdue", token: "none")
            #expect(filingsNeedToken == 401)
            // The approval was decided now: ask for the days around today in the bureau's time
            // zone. A fixed November range failed once the clock passed 30 November in Shanghai.
            let today = OrganizationsRoutes.today()
            let (yesterday, tomorrow) = (OrganizationRegister.day(today, plusDays: -1), OrganizationRegister.day(today, plusDays: 1))
            let (report, counts) = try await client.get("/v1/reports/filings?from=\(yesterday)&to=\(tomorrow)", token: "auditor")
            #expect(report == 200 && (counts["approved"] as? [String: Int])?["name-reservation"] == 1)
        }

        try await publishOutbox(of: database, to: broker)
        let statuses = try await records(on: TopicCatalog.filing.name, count: 3, from: broker)
        #expect(statuses.map { (try? FilingStatus(cloudEvent: CloudEvent(kafkaMessage: $0)))?.status } == [.submitted, .accepted, .approved])
        #expect(Set(statuses.map(\.keyString)).count == 1, "keyed by organization")
        let register = try await records(on: TopicCatalog.organization.name, count: 1, from: broker)
        let record = try OrganizationRecord(cloudEvent: CloudEvent(kafkaMessage: register[0]))
        #expect(record.status == .reserved && record.name == "西湖区老年人体育协会" && register[0].keyString == record.organizationId)
        try await database.close()
        broker.shutdown()
    }
}
