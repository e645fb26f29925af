import Foundation
import KafkaTestSupport
import ServiceKit
import Testing

/// The console kit's parts that need no router: sessions in the database, forms as API bodies,
/// money as the bureau writes it, and charts that cannot be made to carry markup.
@Suite("Console kit")
struct ConsoleKitTests {
    static let staff = StaffIdentity(staffID: "staff-0042", department: "registration", roles: ["caseworker"], services: [.registration])

    @Test("a session is found until it expires or is ended; only its hash is stored", arguments: TestDatabase.available)
    func sessions(on kind: TestDatabase) async throws {
        let database = try await kind.open(migrations: [ConsoleSessions.migration])
        do {
            try await checkSessions(in: database)
        } catch {
            try await database.close()
            throw error
        }
        try await database.close()
    }

    func checkSessions(in database: ServiceDatabase) async throws {
        let sessions = ConsoleSessions(database: database)
        let now = Date()
        let (id, opened) = try await sessions.open(for: Self.staff, now: now)
        let found = try await sessions.session(id: id, now: now)
        #expect(found?.staff == Self.staff && found?.csrf == opened.csrf)
        #expect(abs((found?.expiresAt ?? now).timeIntervalSince(opened.expiresAt)) < 1)
        #expect(try await sessions.session(id: id, now: now.addingTimeInterval(ConsoleSessions.lifetime + 1)) == nil)
        #expect(try await sessions.session(id: String(repeating: "x", count: 43), now: now) == nil)
        #expect(try await sessions.session(id: "short", now: now) == nil)
        let stored = try await database.withConnection { try await $0.select().column("id_hash").from(ConsoleSessions.table).all() }
        let hash = try stored.first?.decode(column: "id_hash", as: String.self)
        #expect(stored.count == 1 && hash != id && hash?.count == 64)
        try await sessions.end(id: id, now: now)
        #expect(try await sessions.session(id: id, now: now) == nil)
    }

    @Test("a form becomes the API's JSON body: numbers, check boxes, empty fields left out")
    func formBody() throws {
        let form = ConsoleForm(fields: ["name": " 王秀英 ", "phone": "", "disabilityGrade": "2", "leftBehindChild": "on"])
        let body = try JSONSerialization.jsonObject(
            with: try form.jsonBody(text: ["name", "phone"], numbers: ["disabilityGrade"], checkboxes: ["leftBehindChild", "institutionalCare"]))
        #expect((body as? NSDictionary) == ["name": "王秀英", "disabilityGrade": 2, "leftBehindChild": true] as NSDictionary)
        #expect(throws: Problem.self) { try ConsoleForm(fields: ["disabilityGrade": "二"]).jsonBody(numbers: ["disabilityGrade"]) }
        #expect(throws: Problem.self) {
            try ConsoleForm(fields: ["disabilityGrade": "99999999999999999999999"]).jsonBody(numbers: ["disabilityGrade"])
        }
    }

    @Test("fen are written as yuan with thousands grouped", arguments: [
        (0, "0.00"), (5, "0.05"), (94_500, "945.00"), (123_456_789, "1,234,567.89"), (-5, "-0.05"), (Int.min, "-92,233,720,368,547,758.08"),
    ])
    func yuan(_ fen: Int, _ text: String) {
        #expect(ConsoleFormat.yuan(fen) == text)
    }

    @Test("a chart's labels cannot carry markup, and bars are scaled to the largest value")
    func chart() {
        let svg = ConsoleChart.bars([.init("<script>", value: 10, text: "a&b"), .init("half", value: 5, text: "5")], title: "t\"", width: 400)
        #expect(!svg.contains("<script>") && svg.contains("&lt;script&gt;") && svg.contains("a&amp;b") && svg.contains("t&quot;"))
        #expect(svg.contains("width=\"100\"") && svg.contains("width=\"50\""))
    }
}
