@testable import Alerts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import ServiceKit
import Testing

/// The typhoon room's rules through its router: a CAP rule broken in the form is shown beside its
/// field, only what was previewed is issued, and the area officer's "not found" leaves the
/// resident on the list while "safe" is the API's acknowledgement.
@Suite("Typhoon room")
struct TyphoonRoomTests {
    static func router(_ database: ServiceDatabase, areas: AlertAreas) throws -> Router<ServiceRequestContext> {
        let router = try AlertsFixture.router(database, areas: areas)
        let desks = AlertsRoutes.Desks(database: database, areas: areas, materials: try AlertsFixture.materials(), approvalSeverities: ["Extreme", "Severe"])
        try TyphoonRoom.make(desks: desks, areas: areas, database: database, tokens: AlertsFixture.tokens, sender: "duty@mca.xihu.gov.cn")
            .add(to: router)
        return router
    }

    static let composed: [(String, String)] = [
        ("status", "Actual"), ("msgType", "Alert"), ("event", "台风"), ("category", "Met"), ("urgency", "Expected"),
        ("severity", "Severe"), ("certainty", "Likely"), ("headline", "台风橙色预警"), ("instruction", "请关好门窗"),
        ("area-330106001", "on"),
    ]

    static func storedAlerts(_ database: ServiceDatabase) async throws -> Int {
        try await AlertDesk(database: database, areas: try AlertsFixture.areas()).alerts(page: PageRequest()).total
    }

    @Test("a CAP rule broken in the form is shown beside its field, and nothing is stored")
    func refusedBesideField() async throws {
        try await AlertsFixture.withDatabase { database in
            let app = Application(router: try Self.router(database, areas: try AlertsFixture.areas()))
            try await app.test(.router) { client in
                let session = try #require(try await ConsoleSignIn.signIn(client, token: "duty", page: "/console/alerts/new").session)
                let fields = Self.composed.map { $0.0 == "event" ? ("event", "") : $0 } + [("_csrf", session.csrf), ("intent", "preview")]
                let answer = try await client.execute(uri: "/console/alerts", method: .post, headers: session.form, body: ConsoleSignIn.body(fields))
                #expect(answer.status == .unprocessableContent)
                #expect(String(buffer: answer.body).contains("id=\"event-error\""))
            }
            #expect(try await Self.storedAlerts(database) == 0)
        }
    }

    @Test("only what was previewed is issued: a changed form is previewed again")
    func issuesThePreview() async throws {
        try await AlertsFixture.withDatabase { database in
            let app = Application(router: try Self.router(database, areas: try AlertsFixture.areas()))
            try await app.test(.router) { client in
                let session = try #require(try await ConsoleSignIn.signIn(client, token: "duty", page: "/console/alerts/new").session)
                let preview = try await client.execute(uri: "/console/alerts", method: .post, headers: session.form,
                                                       body: ConsoleSignIn.body(Self.composed + [("_csrf", session.csrf), ("intent", "preview")]))
                let html = String(buffer: preview.body)
                #expect(html.contains("&lt;severity&gt;Severe&lt;/severity&gt;") && html.contains("台风橙色预警 请关好门窗"))
                func hidden(_ name: String) -> String {
                    html.firstMatch(of: try! Regex("name=\"\(name)\" value=\"([^\"]+)\"")).map { String($0.output[1].substring ?? "") } ?? ""
                }
                let previewed = [("identifier", hidden("identifier")), ("sent", hidden("sent")), ("previewDigest", hidden("previewDigest"))]
                #expect(previewed.allSatisfy { !$0.1.isEmpty })
                let changed = Self.composed.map { $0.0 == "headline" ? ("headline", "改过的标题") : $0 }
                let refused = try await client.execute(uri: "/console/alerts", method: .post, headers: session.form,
                                                       body: ConsoleSignIn.body(changed + previewed + [("_csrf", session.csrf), ("intent", "issue")]))
                #expect(refused.status == .ok && String(buffer: refused.body).contains("表单在预览后有改动"))
                #expect(try await Self.storedAlerts(database) == 0)
                let issued = try await client.execute(uri: "/console/alerts", method: .post, headers: session.form,
                                                      body: ConsoleSignIn.body(Self.composed + previewed + [("_csrf", session.csrf), ("intent", "issue")]))
                #expect(issued.status == .seeOther)
                let alert = try await AlertDesk(database: database, areas: try AlertsFixture.areas()).alert(previewed[0].1)
                #expect(alert.state == .awaitingApproval && alert.submittedBy == "staff-0201" && alert.cap.info?.first?.headline == "台风橙色预警")
            }
        }
    }

    @Test("not found keeps the resident on the officer's list; safe is the API's acknowledgement; another area is refused")
    func followUp() async throws {
        try await AlertsFixture.withDatabase { database in
            let areas = try AlertsFixture.areas()
            try await AlertsFixture.seed(database, areas: [AlertsFixture.community(1), AlertsFixture.community(2)], perArea: 6)
            let cap = try AlertsFixture.cap("""
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>room-1</identifier><sender>duty@mca.xihu.gov.cn</sender>
                <sent>2026-12-07T09:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
                <info><category>Met</category><event>台风</event><urgency>Expected</urgency><severity>Moderate</severity><certainty>Likely</certainty>
                <headline>台风预警</headline><area><areaDesc>北山街道</areaDesc><geocode><valueName>CN-AREA</valueName><value>330106001</value></geocode></area></info></alert>
                """)
            _ = try await AlertDesk(database: database, areas: areas).submit(cap, by: AlertsFixture.duty)
            let app = Application(router: try Self.router(database, areas: areas))
            try await app.test(.router) { client in
                let session = try #require(try await ConsoleSignIn.signIn(client, token: "officer", page: "/console/follow-up").session)
                let list = String(buffer: try await client.execute(uri: "/console/follow-up", method: .get, headers: [.cookie: session.cookie]).body)
                let people = list.matches(of: /name="personId" value="(p_[0-9a-f]+)"/).map { String($0.1) }
                #expect(people.count == 2, "the two vulnerable residents of the officer's community (every fifth of six)")
                let first = try #require(people.first)
                func record(_ person: String, _ outcome: String) async throws -> TestResponse {
                    try await client.execute(uri: "/console/follow-up/room-1/visits", method: .post, headers: session.form,
                                             body: ConsoleSignIn.body([("_csrf", session.csrf), ("personId", person), ("outcome", outcome)]))
                }
                #expect(try await record(first, "not-found").status == .seeOther)
                let after = String(buffer: try await client.execute(uri: "/console/follow-up", method: .get, headers: [.cookie: session.cookie]).body)
                #expect(after.contains(first) && after.contains("未找到 1 次"))
                #expect(try await record(first, "safe").status == .seeOther)
                let safe = String(buffer: try await client.execute(uri: "/console/follow-up", method: .get, headers: [.cookie: session.cookie]).body)
                #expect(!safe.contains(first))
                let answers = try await AcknowledgementDesk(database: database).status(of: try await AlertDesk(database: database, areas: areas).alert("room-1"))
                #expect(answers.first { $0.areaCode == AlertsFixture.community(1) }?.acknowledged == 1)

                let elsewhere = "p_\(AlertsFixture.community(2))00000000000000000000"
                let refused = try await record(elsewhere, "safe")
                #expect(refused.status == .forbidden, "an area officer answers for their own community only")
            }
        }
    }

    @Test("the map colours an area by the share of its targeted residents who answered")
    func mapColours() {
        #expect(DistrictMap.colour(acknowledged: 0, targeted: 0) == DistrictMap.noneColour)
        #expect(DistrictMap.colour(acknowledged: 1, targeted: 10) == "#d7301f")
        #expect(DistrictMap.colour(acknowledged: 5, targeted: 10) == "#fdcc8a")
        #expect(DistrictMap.colour(acknowledged: 10, targeted: 10) == "#1a9850")
        let svg = DistrictMap(areas: try! AlertsFixture.areas()).svg(colours: [AlertsFixture.community(1): "#1a9850"], counts: [:], title: "<t>")
        #expect(svg.contains("id=\"map-\(AlertsFixture.community(1))\"") && svg.contains("fill=\"#1a9850\"") && !svg.contains("<t>"))
    }
}
