@testable import Alerts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import ServiceKit
import Testing

/// Least privilege at the alerts service: one duty officer cannot undo or weaken what two
/// approved, and the residents' phones are shown only to the officers of their areas while the
/// alert is in force.
@Suite("Alerts: four-eyes on cancel and update, follow-up by area and time", .serialized)
struct AlertPrivilegeTests {
    static func withAPI(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await AlertsFixture.withDatabase { database in
            let areas = try AlertsFixture.areas(communities: 2)
            try await AlertsFixture.seed(database, areas: [AlertsFixture.community(1), AlertsFixture.community(2)], perArea: 10)
            let router = try AlertsFixture.router(database, areas: areas)
            try await Application(router: router).test(.router) { client in try await body(client) }
        }
    }

    static let reference = "duty@mca.xihu.gov.cn,typhoon-1,2026-11-29T09:00:00+08:00"

    @Test("a Cancel or an Update (even a Minor one) of an approved alert waits for a second duty officer; of an unapproved one it does not")
    func cancelAndUpdateNeedTwo() async throws {
        try await Self.withAPI { client in
            _ = try await AlertsAPITests.postCAP(client, CAPCorpus.minimal(identifier: "typhoon-1", severity: "Extreme"))
            #expect(try await client.post("/v1/alerts/typhoon-1/approval", "", token: "duty2").0 == 200)

            let (_, cancel) = try await AlertsAPITests.postCAP(
                client, CAPCorpus.minimal(identifier: "cancel-1", msgType: "Cancel", references: Self.reference))
            #expect(cancel["state"] as? String == "awaiting-approval")
            #expect(try await client.get("/v1/alerts/typhoon-1", token: "duty").1["state"] as? String == "issued",
                    "the held Cancel withdraws nothing yet")
            let (selfApproval, fourEyes) = try await client.post("/v1/alerts/cancel-1/approval", "", token: "duty")
            #expect(selfApproval == 403 && fourEyes["type"] as? String == "urn:civil-affairs:problem:four-eyes")

            let (_, minor) = try await AlertsAPITests.postCAP(
                client, CAPCorpus.minimal(identifier: "update-1", msgType: "Update", severity: "Minor", references: Self.reference))
            #expect(minor["state"] as? String == "awaiting-approval", "a Minor Update cannot quietly replace an Extreme alert")

            #expect(try await client.post("/v1/alerts/cancel-1/approval", "", token: "duty2").0 == 200)
            #expect(try await client.get("/v1/alerts/typhoon-1", token: "duty").1["state"] as? String == "cancelled")

            // A Moderate alert needed nobody's approval, and neither does its Cancel.
            _ = try await AlertsAPITests.postCAP(client, CAPCorpus.minimal(identifier: "flood-1", severity: "Moderate"))
            let (_, floodCancel) = try await AlertsAPITests.postCAP(client, CAPCorpus.minimal(
                identifier: "cancel-2", msgType: "Cancel", references: "duty@mca.xihu.gov.cn,flood-1,2026-11-29T09:00:00+08:00"))
            #expect(floodCancel["state"] as? String == "issued")
        }
    }

    @Test("an area officer sees whom to visit and answers only in their own areas; duty officers everywhere; no one after the alert's grace")
    func followUpByAreaAndTime() async throws {
        try await Self.withAPI { client in
            let own = AlertsFixture.community(1), other = AlertsFixture.community(2)
            _ = try await AlertsAPITests.postCAP(client, CAPCorpus.minimal(identifier: "flood-1"))
            #expect(try await client.list("/v1/alerts/flood-1/areas/\(own)/visits", token: "officer").0 == 200)
            let (refused, problem) = try await client.get("/v1/alerts/flood-1/areas/\(other)/visits", token: "officer")
            #expect(refused == 403 && problem["type"] as? String == "urn:civil-affairs:problem:area-not-assigned")
            #expect(try await client.list("/v1/alerts/flood-1/areas/\(other)/visits", token: "duty").0 == 200)

            let neighbour = "p_\(other)00000000000000000000"
            let (answerRefused, _) = try await client.post(
                "/v1/alerts/flood-1/acknowledgements", #"{"recipientId":"\#(neighbour)","response":"safe"}"#, token: "officer")
            #expect(answerRefused == 403)
            let (identity, identityProblem) = try await client.post(
                "/v1/alerts/flood-1/acknowledgements", #"{"recipientId":"330106193704120021","response":"safe"}"#, token: "duty")
            #expect(identity == 400 && (identityProblem["errors"] as? [String: String])?["recipientId"] != nil,
                    "an identity number is not taken for a pseudonym")
            #expect(try await client.post(
                "/v1/alerts/flood-1/acknowledgements", #"{"recipientId":"\#(neighbour)","response":"safe"}"#, token: "duty").0 == 201)

            // An alert that expired days ago: its follow-up closed for everyone.
            let expired = CAPCorpus.minimal(identifier: "flood-old").replacingOccurrences(
                of: "<certainty>Possible</certainty>", with: "<certainty>Possible</certainty><expires>2026-11-29T12:00:00+08:00</expires>")
            #expect(try await AlertsAPITests.postCAP(client, expired).0 == 201)
            for token in ["officer", "duty"] {
                let (closed, closedProblem) = try await client.get("/v1/alerts/flood-old/areas/\(own)/visits", token: token)
                #expect(closed == 403 && closedProblem["type"] as? String == "urn:civil-affairs:problem:follow-up-closed", "\(token)")
            }

            let (checkIn, checkInProblem) = try await client.post(
                "/v1/shelters/SH-1/check-ins", #"{"personId":"陈桂英"}"#, token: "officer")
            #expect(checkIn == 400 && (checkInProblem["errors"] as? [String: String])?["personId"] != nil)
        }
    }

    @Test("a cancelled or replaced alert's follow-up closes the grace after its replacement was issued")
    func followUpEndsWithTheReplacement() throws {
        let access = FollowUpAccess(areas: try AlertsFixture.areas(communities: 2), grace: 3600)
        let cap = try CAPXMLReader.read(Data(CAPCorpus.minimal(identifier: "flood-1").utf8))
        let issued = Date(timeIntervalSince1970: 1_800_000_000)
        var alert = StoredAlert(identifier: "flood-1", state: .cancelled, areaCodes: [AlertsFixture.community(1)],
                                submittedBy: "staff-0201", submittedAt: issued, cap: cap)
        alert.replacedBy = "cancel-1"
        let cancelled = issued.addingTimeInterval(600)
        let cancel = StoredAlert(identifier: "cancel-1", state: .issued, areaCodes: alert.areaCodes,
                                 submittedBy: "staff-0201", submittedAt: cancelled, cap: cap)
        #expect(throws: Never.self) {
            try access.check(AlertsFixture.officer, areaCode: AlertsFixture.community(1), alert: alert, replacement: cancel,
                             now: cancelled.addingTimeInterval(3599))
        }
        #expect(throws: FollowUpRefusal.closed("flood-1", endedAt: cancelled)) {
            try access.check(AlertsFixture.duty, areaCode: AlertsFixture.community(1), alert: alert, replacement: cancel,
                             now: cancelled.addingTimeInterval(3601))
        }
        #expect(throws: FollowUpRefusal.areaNotAssigned(AlertsFixture.community(2), staffID: "staff-0310")) {
            try access.check(AlertsFixture.officer, areaCode: AlertsFixture.community(2), alert: alert, replacement: nil,
                             now: issued)
        }
    }
}
