import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
@testable import Organizations
import ServiceKit
import Testing

/// Least privilege at the organizations service: whoever entered a filing or its correction
/// cannot decide it, and the public register shows the public record, a few requests at a time.
@Suite("Organizations: four-eyes against stored submitters, the public register", .serialized)
struct OrganizationsPrivilegeTests {
    static let tokens = try! TokenDirectory(entries: """
        \(TokenDirectory.hash(ofToken: "clerk")) staff-0101 organizations clerk organizations
        \(TokenDirectory.hash(ofToken: "registrar")) staff-0102 organizations registrar organizations
        \(TokenDirectory.hash(ofToken: "both")) staff-0103 organizations clerk,registrar organizations
        """)

    static func withAPI(perMinute: Int = 120, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let database = try await TestDatabase.sqlite.open(migrations: OrganizationsService.migrations)
        let router = ServiceRouter.make(
            service: .organizations, tokens: tokens, audit: database, readiness: Readiness(checks: []), openAPI: OrganizationsOpenAPI.document,
            maxBodyBytes: 65_536, logger: quietLogger, publicPrefixes: OrganizationsRoutes.publicPrefixes,
            publicLimit: RateLimiter(perMinute: perMinute))
        let policy = try JSONDecoder().decode(RegistrarPolicy.self, from: Data(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Services/Organizations/demo/registrar-policy.json")))
        OrganizationsRoutes.add(to: router, registrar: FilingDesk(database: database, policy: policy)) { "2026-11-02" }
        do {
            try await Application(router: router).test(.router) { client in try await body(client) }
        } catch {
            try await database.close()
            throw error
        }
        try await database.close()
    }

    static let reservation = #"""
        {"kind":"name-reservation","details":{"name":"西湖区老年人体育协会","kind":"social-group","domicileAreaCode":"330106"},
         "documents":[{"title":"名称预先核准申请表","receivedOn":"2026-11-02"}]}
        """#

    @Test("whoever resubmitted a returned filing cannot approve it, though they hold the registrar's role; the first submitter stays recorded")
    func resubmitterCannotDecide() async throws {
        try await Self.withAPI { client in
            let (_, filing) = try await client.post("/v1/filings", Self.reservation, token: "clerk")
            let id = filing["filingId"] as? String ?? ""
            #expect(try await client.post("/v1/filings/\(id)/acceptance", "", token: "registrar").0 == 200)
            #expect(try await client.post("/v1/filings/\(id)/return", #"{"reason":"缺少发起人签字"}"#, token: "registrar").0 == 200)
            let resubmission = #"{"details":{"name":"西湖区老年人体育协会","kind":"social-group","domicileAreaCode":"330106"},"documents":[{"title":"名称预先核准申请表","receivedOn":"2026-11-02"}]}"#
            let (resubmitted, corrected) = try await client.post("/v1/filings/\(id)/resubmission", resubmission, token: "both")
            #expect(resubmitted == 200 && corrected["submittedBy"] as? String == "staff-0101" && corrected["resubmittedBy"] as? String == "staff-0103")
            let (ownAcceptance, fourEyes) = try await client.post("/v1/filings/\(id)/acceptance", "", token: "both")
            #expect(ownAcceptance == 403 && fourEyes["type"] as? String == "urn:civil-affairs:problem:four-eyes")
            #expect(try await client.post("/v1/filings/\(id)/acceptance", "", token: "registrar").0 == 200)
            let (ownApproval, _) = try await client.post("/v1/filings/\(id)/approval", "", token: "both")
            #expect(ownApproval == 403)
            let (approved, decided) = try await client.post("/v1/filings/\(id)/approval", "", token: "registrar")
            #expect(approved == 200 && decided["decidedBy"] as? String == "staff-0102")
        }
    }

    @Test("the public register shows the official record: no staff ids, filing ids or internal figures")
    func publicRecordOnly() async throws {
        try await Self.withAPI { client in
            let (_, filing) = try await client.post("/v1/filings", Self.reservation, token: "clerk")
            let id = filing["filingId"] as? String ?? ""
            _ = try await client.post("/v1/filings/\(id)/acceptance", "", token: "registrar")
            _ = try await client.post("/v1/filings/\(id)/approval", "", token: "registrar")
            let (_, list) = try await client.list("/v1/register?name=%E8%80%81%E5%B9%B4%E4%BA%BA", token: "none")
            let entry = try #require(list.first)
            #expect(Set(entry.keys).isSubset(of: [
                "organizationId", "name", "creditCode", "kind", "domicileAreaCode", "legalRepresentative", "status",
                "reservedUntil", "establishedOn", "updatedAt",
            ]))
            let (_, detail) = try await client.get("/v1/register/\(entry["organizationId"] as? String ?? "")", token: "none")
            #expect((detail["organization"] as? [String: Any])?["businessScope"] == nil && detail["history"] is [Any])
        }
        let revoked = PublicRegisterEntry.Change(RegisterChange(
            field: "status", oldValue: "active", newValue: "revoked: 连续两年未年检", filingId: "F-1", changedBy: "staff-0102",
            changedAt: Date(timeIntervalSince1970: 1_800_000_000)))
        #expect(revoked.newValue == "revoked" && revoked.changedOn == "2027-01-15", "the registrar's reason stays inside")
    }

    @Test("the public register answers 429 with Retry-After once a client has used its requests; filings are not limited by it")
    func rateLimited() async throws {
        try await Self.withAPI(perMinute: 3) { client in
            for _ in 0..<3 { #expect(try await client.list("/v1/register?name=%E8%80%81", token: "none").0 == 200) }
            let (status, retryAfter, problem) = try await client.execute(uri: "/v1/register?name=%E8%80%81", method: .get) {
                ($0.status.code, $0.headers[.retryAfter], (try? JSONSerialization.jsonObject(with: Data(buffer: $0.body))) as? [String: Any])
            }
            #expect(status == 429 && retryAfter == "20" && problem?["type"] as? String == "urn:civil-affairs:problem:rate-limited")
            for _ in 0..<5 { #expect(try await client.list("/v1/filings/overdue", token: "registrar").0 == 200) }
        }
    }
}
