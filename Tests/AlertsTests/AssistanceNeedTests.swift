@testable import Alerts
import CivilDomain
import Contracts
import Foundation
import KafkaTestSupport
import ServiceKit
import SQLKit
import Testing

@Suite("Needs-help reports", .serialized)
struct AssistanceNeedTests {
    static func needs(_ database: ServiceDatabase) async throws -> [AssistanceNeeded] {
        try await database.withConnection { database in
            try await database.select().columns("data").from("outbox_events").where("topic", .equal, TopicCatalog.assistanceNeed.name)
                .orderBy("seq").all()
                .map { try CivilEventCoding.decoder.decode(AssistanceNeeded.self, from: try $0.decode(column: "data", as: Data.self)) }
        }
    }

    @Test("needs-help answers, visit reports and damaged-home check-ins report the household's need, with a stable id per alert, household, category and source",
          arguments: TestDatabase.available)
    func reports(_ kind: TestDatabase) async throws {
        try await AlertsFixture.withDatabase(kind) { database in
            let areas = try AlertsFixture.areas()
            try await AlertsFixture.seed(database, areas: [AlertsFixture.community(1)], perArea: 6)
            let alert = try await AlertDesk(database: database, areas: areas)
                .submit(try AlertsFixture.cap(CAPCorpus.minimal(identifier: "typhoon-9")), by: AlertsFixture.duty)
            let answers = AcknowledgementDesk(database: database)
            let resident = "p_\(AlertsFixture.community(1))00000000000000000000"
            let gateway = StaffIdentity(staffID: "gw-sms", department: "alerts", roles: ["notification-gateway"])
            for _ in 0..<2 {
                _ = try await answers.record(alertId: alert.identifier, recipientId: resident, response: .needsHelp, shelterId: nil,
                                             notificationId: nil, by: gateway)
            }
            _ = try await answers.record(alertId: alert.identifier, recipientId: resident, response: .needsHelp, shelterId: nil,
                                         notificationId: nil, need: .food, source: .visitReport, by: AlertsFixture.officer)
            // Safe answers and an officer's own answer report nothing.
            _ = try await answers.record(alertId: alert.identifier, recipientId: "p_\(AlertsFixture.community(1))00000100000000000000",
                                         response: .safe, shelterId: nil, notificationId: nil, by: gateway)
            _ = try await answers.record(alertId: alert.identifier, recipientId: "staff-0310", response: .needsHelp, shelterId: nil,
                                         notificationId: nil, by: AlertsFixture.officer)
            let shelters = ShelterDesk(database: database, areas: areas)
            try await ShelterTests.register(shelters)
            _ = try await shelters.checkIn("p_\(AlertsFixture.community(1))00000400000000000000", to: "SH-2",
                                           homeDamagedDuring: alert.identifier, by: AlertsFixture.officer)

            let needs = try await Self.needs(database)
            #expect(needs.map(\.category) == [.unspecified, .unspecified, .food, .houseDamage])
            #expect(needs.map(\.source) == [.acknowledgement, .acknowledgement, .visitReport, .shelterCheckIn])
            #expect(needs[0].needId == needs[1].needId && needs[1].needId != needs[2].needId)
            #expect(needs[0].reportedBy == nil && needs[2].reportedBy == "staff-0310")
            // Residents 0 and 4 of the seed live in households 0 and 1.
            #expect(needs.map(\.householdId) == Array(repeating: "H-\(AlertsFixture.community(1))-0", count: 3) + ["H-\(AlertsFixture.community(1))-1"])
            #expect(needs.allSatisfy { $0.alertId == "typhoon-9" && $0.areaCode == AlertsFixture.community(1) && PersonPseudonymizer.isPseudonym($0.personId) })
            // A damaged home is reported for an alert that exists only.
            await #expect(throws: NotFound.self) {
                _ = try await shelters.checkIn("p_\(AlertsFixture.community(1))00000500000000000000", to: "SH-2",
                                               homeDamagedDuring: "no-such-alert", by: AlertsFixture.officer)
            }
        }
    }
}
