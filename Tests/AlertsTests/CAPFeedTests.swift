@testable import Alerts
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import ServiceKit
import Testing

/// The public CAP feed that alert hubs poll: Actual, Public alerts only, no token needed.
@Suite("Public CAP feed", .serialized)
struct CAPFeedTests {
    static func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (Int, String?, String) {
        try await client.execute(uri: uri, method: .get) { ($0.status.code, $0.headers[.contentType], String(buffer: $0.body)) }
    }

    @Test("the feed lists Actual Public alerts in force, with links to their CAP; Test, Exercise, Restricted, held and long-ended alerts never appear")
    func feed() async throws {
        try await AlertPrivilegeTests.withAPI { client in
            let expires = "<certainty>Possible</certainty><expires>2026-11-29T12:00:00+08:00</expires>"
            let documents = [
                CAPCorpus.minimal(identifier: "flood-1"),
                CAPCorpus.minimal(identifier: "drill-1", status: "Test"),
                CAPCorpus.minimal(identifier: "exercise-1", status: "Exercise"),
                CAPCorpus.minimal(identifier: "restricted-1").replacingOccurrences(
                    of: "<scope>Public</scope>", with: "<scope>Restricted</scope><restriction>duty officers only</restriction>"),
                CAPCorpus.minimal(identifier: "typhoon-1", severity: "Severe"),
                CAPCorpus.minimal(identifier: "flood-old").replacingOccurrences(of: "<certainty>Possible</certainty>", with: expires),
            ]
            for document in documents { #expect(try await AlertsAPITests.postCAP(client, document).0 == 201) }

            let (status, type, atom) = try await Self.get(client, "/cap/feed.atom")
            #expect(status == 200 && type?.hasPrefix("application/atom+xml") == true)
            #expect(XMLParser(data: Data(atom.utf8)).parse(), "well-formed XML")
            #expect(atom.contains(#"type="application/cap+xml" href="http://localhost/cap/alerts/flood-1.xml""#), "\(atom)")
            for absent in ["drill-1", "exercise-1", "restricted-1", "typhoon-1", "flood-old"] {
                #expect(!atom.contains(absent), "\(absent) must not be in the public feed")
            }

            let (served, capType, cap) = try await Self.get(client, "/cap/alerts/flood-1.xml")
            #expect(served == 200 && capType?.hasPrefix("application/cap+xml") == true)
            let linked = try CAPXMLReader.read(Data(cap.utf8))
            #expect(linked.identifier == "flood-1")
            #expect(throws: Never.self, "the linked document passes the service's own CAP 1.2 checks") { try CAPValidator.validate(linked) }
            for hidden in ["drill-1", "exercise-1", "restricted-1", "typhoon-1", "nothing"] {
                #expect(try await Self.get(client, "/cap/alerts/\(hidden).xml").0 == 404, "\(hidden)")
            }

            // Approved, the typhoon alert is published; a Cancel takes the flood alert's place.
            #expect(try await client.post("/v1/alerts/typhoon-1/approval", "", token: "duty2").0 == 200)
            _ = try await AlertsAPITests.postCAP(client, CAPCorpus.minimal(
                identifier: "cancel-1", msgType: "Cancel", references: "duty@mca.xihu.gov.cn,flood-1,2026-11-29T09:00:00+08:00"))
            let (_, _, later) = try await Self.get(client, "/cap/feed.atom")
            #expect(later.contains("/cap/alerts/typhoon-1.xml") && later.contains("/cap/alerts/cancel-1.xml"))
            #expect(!later.contains("/cap/alerts/flood-1.xml"), "the cancelled alert gives way to its Cancel")
        }
    }

    @Test("identifiers with reserved characters are percent-encoded in links and found again")
    func reservedCharacters() {
        #expect(CAPFeed.path(of: "urn:oid:2.49.0.1.156/a b") == "/cap/alerts/urn:oid:2.49.0.1.156%2Fa%20b.xml")
    }
}
