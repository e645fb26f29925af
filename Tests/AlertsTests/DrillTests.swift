@testable import Alerts
import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import ServiceKit
import SQLKit
import Testing

@Suite("Drills", .serialized)
struct DrillTests {
    @Test("an Exercise alert reaches the area officers and shelter managers only, marked as a drill; their answers make the drill report",
          .timeLimit(.minutes(3)))
    func exerciseReachesOfficersOnly() async throws {
        let broker = try DispatchTests.broker()
        let areas = try AlertsFixture.areas(communities: 2)
        try await AlertsFixture.withDatabase { database in
            try await AlertsFixture.seed(database, areas: [AlertsFixture.community(1), AlertsFixture.community(2)], perArea: 50)
            _ = try await ShelterDesk(database: database, areas: areas).register(ShelterDesk.Registration(
                shelterId: "SH-2", name: "社区2 避灾点", areaCode: AlertsFixture.community(2), capacity: 40, open: true,
                location: GeoPoint(latitude: 30.25, longitude: 120.12), managerStaffId: "mgr-2", managerPhone: "13700000002"),
                by: AlertsFixture.officer)
            let desk = AlertDesk(database: database, areas: areas)
            let worker = try DispatchTests.Worker(broker: broker, database: database, areas: areas, batchSize: 10)
            let drill = try await desk.submit(try AlertsFixture.cap(CAPCorpus.minimal(identifier: "drill-7", status: "Exercise")),
                                              by: AlertsFixture.duty)
            try await publishOutbox(of: database, to: broker)
            let sent = try await DispatchTests.notifications(from: broker, recipients: ["drill-7": 2])
            try await within(.seconds(30), "both areas finished") {
                while try await AlertsFixture.progress(database, alertId: "drill-7").filter({ $0.state == .finished }).count < 2 {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(Set(sent.map(\.recipientId)) == ["staff-0310", "mgr-2"])
            #expect(sent.allSatisfy { $0.exercise && $0.recipientRole != .resident && $0.text.hasPrefix("【演练】") })
            let progress = try await AlertsFixture.progress(database, alertId: "drill-7")
            // Counted apart from real alerts: the target is the officers, not the 100 residents.
            #expect(progress.allSatisfy(\.exercise) && progress.map(\.targeted) == [1, 1] && progress.map(\.notified) == [1, 1])

            // The community-1 officer answers for himself; the shelter manager does not.
            _ = try await AcknowledgementDesk(database: database).record(
                alertId: drill.identifier, recipientId: "staff-0310", response: .received, shelterId: nil, notificationId: nil,
                by: AlertsFixture.officer, now: drill.submittedAt.addingTimeInterval(95))
            let report = try await DrillReport.make(for: try await desk.alert("drill-7"), areas: areas, database: database)
            #expect(report.areas.map(\.areaCode) == [AlertsFixture.community(1), AlertsFixture.community(2)])
            #expect(report.areas[0].acknowledged == 1 && report.areas[0].medianSeconds == 95 && report.areas[0].notAnswered.isEmpty)
            #expect(report.areas[1].acknowledged == 0 && report.areas[1].medianSeconds == nil && report.areas[1].notAnswered == ["mgr-2"])

            // An Actual alert has no drill report.
            let real = try await desk.submit(try AlertsFixture.cap(CAPCorpus.minimal(identifier: "real-7")), by: AlertsFixture.duty)
            await #expect(throws: DrillReport.NotADrill.self) { _ = try await DrillReport.make(for: real, areas: areas, database: database) }
            await worker.stop()
        }
    }
}
