@testable import Alerts
import Contracts
import Foundation
import KafkaTestSupport
import ServiceKit
import SQLKit
import Testing

@Suite("Shelters", .serialized)
struct ShelterTests {
    /// The problem a refused request answers with, as the API would send it.
    static func problem<T>(_ body: () async throws -> T) async -> Problem? {
        do {
            _ = try await body()
            Issue.record("the request was not refused")
        } catch let error as any ProblemConvertible {
            return error.problem
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }

    /// S1 (capacity 5) in community 1; S2 in community 2, about 1 km east; S3 in community 3,
    /// about 2 km east; S4 in another street, nearer than S2 but not an alternative.
    static func register(_ desk: ShelterDesk) async throws {
        let shelters: [(String, String, Int, GeoPoint)] = [
            ("SH-1", AlertsFixture.community(1), 5, GeoPoint(latitude: 30.25, longitude: 120.11)),
            ("SH-2", AlertsFixture.community(2), 50, GeoPoint(latitude: 30.25, longitude: 120.12)),
            ("SH-3", AlertsFixture.community(3), 50, GeoPoint(latitude: 30.25, longitude: 120.13)),
            ("SH-4", "330106002001", 50, GeoPoint(latitude: 30.252, longitude: 120.11)),
        ]
        for (id, area, capacity, location) in shelters {
            _ = try await desk.register(ShelterDesk.Registration(
                shelterId: id, name: "避灾安置点 \(id)", areaCode: area, capacity: capacity, open: true, location: location,
                managerStaffId: "mgr-\(id)", managerPhone: "1370000000\(id.suffix(1))"), by: AlertsFixture.officer)
        }
    }

    @Test("concurrent check-ins never overfill a shelter; the refused are pointed to the nearest open shelter with room in the same street",
          arguments: TestDatabase.available)
    func concurrentCheckIns(_ kind: TestDatabase) async throws {
        try await AlertsFixture.withDatabase(kind) { database in
            let desk = ShelterDesk(database: database, areas: try AlertsFixture.areas(communities: 3))
            try await Self.register(desk)
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        do {
                            _ = try await desk.checkIn(String(format: "p_%032x", index), to: "SH-1", by: AlertsFixture.officer)
                            return "in"
                        } catch let error as any ProblemConvertible {
                            let problem = error.problem
                            guard case .fields(let alternative)? = problem.extensions["alternative"] else { return problem.kind }
                            return "\(problem.kind) \(alternative["shelterId"] ?? "")"
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "in" }.count == 5)
            #expect(outcomes.filter { $0 == "shelter-full SH-2" }.count == 15, "\(outcomes)")
            let full = try await desk.shelter("SH-1")
            #expect(full.occupancy == 5 && full.capacity == 5)
            let stays = try await database.withConnection {
                try await $0.select().column("person_id").from(ShelterDesk.occupants).where("shelter_id", .equal, "SH-1").all().count
            }
            #expect(stays == 5)

            // A person is in one shelter at a time; checking out frees a place.
            let checkedIn = try await database.withConnection {
                try await $0.select().column("person_id").from(ShelterDesk.occupants).where("shelter_id", .equal, "SH-1").first()?
                    .decode(column: "person_id", as: String.self)
            }
            let person = try #require(checkedIn)
            let again = await Self.problem { try await desk.checkIn(person, to: "SH-2", by: AlertsFixture.officer) }
            #expect(again?.kind == "already-checked-in")
            let missing = await Self.problem { try await desk.checkOut(person, from: "SH-2", by: AlertsFixture.officer) }
            #expect(missing?.kind == "not-checked-in")
            #expect(try await desk.checkOut(person, from: "SH-1", by: AlertsFixture.officer).occupancy == 4)
            #expect(try await desk.checkIn("p_new", to: "SH-1", by: AlertsFixture.officer).occupancy == 5)

            // A closed shelter refuses, naming the alternative; closing S2 makes S3 the nearest.
            _ = try await desk.setOpen("SH-2", false, by: AlertsFixture.officer)
            let closed = await Self.problem { try await desk.checkIn("p_x", to: "SH-2", by: AlertsFixture.officer) }
            #expect(closed?.kind == "shelter-closed")
            let refused = await Self.problem { try await desk.checkIn("p_y", to: "SH-1", by: AlertsFixture.officer) }
            guard case .fields(let alternative)? = refused?.extensions["alternative"] else {
                Issue.record("no alternative")
                return
            }
            #expect(alternative["shelterId"] == "SH-3" && alternative["places"] == "50")

            let occupancy = try await desk.occupancyByArea()
            #expect(occupancy.first { $0.areaCode == AlertsFixture.community(1) }?.occupancy == 5)
            #expect(occupancy.first { $0.areaCode == AlertsFixture.community(2) }?.openShelters == 0)
            #expect(try await desk.shelters(within: "330106001").map(\.shelterId) == ["SH-1", "SH-2", "SH-3"])

            // Every change is queued for the compacted shelter topic.
            let events = try await database.withConnection {
                try await $0.select().column("event_id").from("outbox_events").where("topic", .equal, TopicCatalog.shelter.name).all().count
            }
            #expect(events == 4 + 5 + 1 + 1 + 1)
        }
    }

    @Test("a shelter registration with bad fields is refused naming them, and changes nothing")
    func badRegistration() async throws {
        try await AlertsFixture.withDatabase { database in
            let desk = ShelterDesk(database: database, areas: try AlertsFixture.areas())
            let refused = await Self.problem {
                try await desk.register(ShelterDesk.Registration(
                    shelterId: "", name: " ", areaCode: "330106001", capacity: 0, open: true,
                    location: GeoPoint(latitude: 120, longitude: 30)), by: AlertsFixture.officer)
            }
            guard case .fields(let fields)? = refused?.extensions["errors"] else {
                Issue.record("no field errors")
                return
            }
            #expect(Set(fields.keys) == ["shelterId", "name", "areaCode", "capacity", "location"])
            #expect(try await desk.shelters().isEmpty)
        }
    }
}
