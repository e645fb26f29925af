import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
@testable import Organizations
import ServiceKit
import Testing

/// The registrar's queue through the console's router: open filings by statutory deadline, the
/// days left counted in working days, overdue ones marked; and the public register page needs no
/// sign-in.
@Suite("Organizations console")
struct OrganizationsConsoleTests {
    @Test("the queue is ordered by deadline with working days left; the public register page is open to all")
    func queue() async throws {
        let database = try await TestDatabase.sqlite.open(migrations: OrganizationsService.migrations)
        let router = ServiceRouter.make(
            service: .organizations, tokens: OrganizationsAPITests.tokens, audit: database, readiness: Readiness(checks: []),
            openAPI: OrganizationsOpenAPI.document, maxBodyBytes: 65_536, logger: quietLogger, publicPrefixes: OrganizationsRoutes.publicPrefixes)
        let policy = try JSONDecoder().decode(RegistrarPolicy.self, from: Data(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Services/Organizations/demo/registrar-policy.json")))
        let desk = FilingDesk(database: database, policy: policy)
        let clerk = StaffIdentity(staffID: "staff-0101", department: "organizations", roles: ["clerk"], services: [.organizations])
        // Two name reservations (five working days each), filed on different days: the older is due first.
        _ = try await desk.submit(
            .nameReservation, organizationId: nil,
            details: FilingDetails(name: "西湖区书画研究会", kind: .socialGroup, domicileAreaCode: "330106"),
            documents: [FilingDocument(title: "名称预先核准申请表", receivedOn: "2026-11-02")], by: clerk, today: "2026-11-02")
        _ = try await desk.submit(
            .nameReservation, organizationId: nil,
            details: FilingDetails(name: "西湖区围棋协会", kind: .socialGroup, domicileAreaCode: "330106"),
            documents: [FilingDocument(title: "名称预先核准申请表", receivedOn: "2026-11-20")], by: clerk, today: "2026-11-20")
        try OrganizationsConsole.make(desk: desk, tokens: OrganizationsAPITests.tokens) { "2026-11-23" }.add(to: router)
        try await Application(router: router).test(.router) { client in
            let registrar = try #require(try await ConsoleSignIn.signIn(client, token: "registrar", page: "/console/filings").session)
            let html = String(buffer: try await client.execute(uri: "/console/filings", method: .get, headers: [.cookie: registrar.cookie]).body)
            let first = try #require(html.range(of: "西湖区书画研究会")), second = try #require(html.range(of: "西湖区围棋协会"))
            #expect(first.lowerBound < second.lowerBound, "the earlier deadline first")
            // Filed 2026-11-02, due five working days later (2026-11-09): on 2026-11-23 it is ten working days late.
            #expect(html.contains("逾期 10 个工作日"))
            let register = try await client.execute(uri: "/console/register?name=书画", method: .get)
            #expect(register.status == .ok && String(buffer: register.body).contains("西湖区书画研究会") == false,
                    "a reservation not yet approved is not in the public register")
        }
        try await database.close()
    }
}
