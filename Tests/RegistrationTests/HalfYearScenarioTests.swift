import CivilDomain
import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Registration
import ServiceKit
import SQLKit
import Testing

/// A half-year like the one the bureau reported: 127 new dibao households and 53 exits, 1,300
/// households and 2,308 persons on the roll at the end. The programs report must show exactly
/// those figures, counting every member of a dibao household.
@Suite("The half-year dibao scenario")
struct HalfYearScenarioTests {
    /// A valid GB 11643 number, different for each index.
    static func identityNumber(_ index: Int) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let (day, sequence) = index.quotientAndRemainder(dividingBy: 900)
        let (year, rest) = (1950 + day / 336, day % 336)
        let body = "330106" + String(format: "%04d%02d%02d%03d", year, rest / 28 + 1, rest % 28 + 1, sequence + 100)
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    @Test("127 approved and 53 exited in the period; 1,300 households and 2,308 persons covered at its end", .timeLimit(.minutes(5)))
    func halfYear() async throws {
        let fixture = try await RegistrationFixture()
        // 1,008 households of two and 345 of one; the last 53 leave the roll in the period, the
        // 127 before them join it in the period, the others were on it before.
        let (pairs, singles, exits, joins) = (1_008, 345, 53, 127)
        let total = pairs + singles
        // Files of 400 households, within the fixture's 64 KB body limit.
        var files: [String] = []
        var person = 0
        for household in 0..<total {
            if household.isMultiple(of: 400) { files.append("household_ref,area_code,identity_number,name,relationship\n") }
            let area = household.isMultiple(of: 2) ? "330106001001" : "330106101201"
            for member in 0..<(household < pairs ? 2 : 1) {
                files[files.count - 1] += "s\(household),\(area),\(Self.identityNumber(person)),居民\(person),\(member == 0 ? "head" : "spouse")\n"
                person += 1
            }
        }
        let (uploads, database) = (files, fixture.database)
        try await Application(router: fixture.router).test(.router) { client in
            for file in uploads {
                let imported = try await client.execute(
                    uri: "/v1/imports?mode=all-or-nothing", method: .post,
                    headers: [.authorization: "Bearer caseworker", .contentType: "text/csv"], body: ByteBuffer(string: file)) { $0.status }
                #expect(imported == .ok)
            }
            let rows = try await database.withConnection { database in
                try await database.raw("""
                    SELECT h.import_ref, h.id AS household, MIN(r.id) AS resident FROM households h
                    JOIN residents r ON r.household_id = h.id GROUP BY h.import_ref, h.id
                    """).all()
            }
            var heads: [Int: (household: String, resident: String)] = [:]
            for row in rows {
                let ref = try row.decode(column: "import_ref", as: String.self)
                heads[Int(ref.dropFirst())!] = (try row.decode(column: "household", as: String.self), try row.decode(column: "resident", as: String.self))
            }
            #expect(heads.count == total)
            var applications: [Int: String] = [:]
            for household in 0..<total {
                let (householdId, residentId) = heads[household]!
                let (submitted, application) = try await client.post("/v1/applications", #"{"householdId":"\#(householdId)","beneficiaryResidentId":"\#(residentId)","program":"dibao","householdMonthlyIncomeFen":30000}"#)
                #expect(submitted == 201)
                let id = application["applicationId"] as? String ?? ""
                #expect(try await client.post("/v1/applications/\(id)/decisions", #"{"action":"approve"}"#, token: "approver-1").0 == 200)
                applications[household] = id
            }
            // Everyone but the 127 joined before the period: their approvals were made in January.
            let earlier = (0..<total).filter { !((total - exits - joins)..<(total - exits)).contains($0) }.map { applications[$0]! }
            try await database.withConnection { database in
                try await database.update("decisions").set("decided_at", to: SQLBind(CivilDate("2026-01-10")!.start))
                    .where("application_id", .in, SQLBind.group(earlier)).run()
            }
            for household in (total - exits)..<total {
                #expect(try await client.post("/v1/applications/\(applications[household]!)/decisions",
                                              #"{"action":"exit","reason":"income above the standard"}"#, token: "approver-1").0 == 200)
            }

            let (status, report) = try await client.get("/v1/reports/programs?from=2026-07-01&until=2027-01-01", token: "auditor")
            #expect(status == 200)
            let dibao = (report["rows"] as? [[String: Any]] ?? []).filter { $0["program"] as? String == "dibao" }
            func sum(_ field: String) -> Int { dibao.reduce(0) { $0 + ($1[field] as? Int ?? 0) } }
            #expect(sum("approved") == 127 && sum("exited") == 53)
            #expect(sum("householdsOnRoll") == 1_300 && sum("personsOnRoll") == 2_308)
            let reasons = dibao.compactMap { $0["exitedByReason"] as? [String: Int] }.reduce(0) { $0 + ($1["income above the standard"] ?? 0) }
            #expect(reasons == 53)
            let rural = try #require(dibao.first { $0["areaKind"] as? String == "rural" })
            #expect(rural["standardFen"] as? Int == 98_000)
            let average = try #require(rural["averageMonthlyTopUpFen"] as? Int)
            #expect(average > 0 && average < 2 * 98_000, "a household's top-up is below the standard times its members")
        }
        try await fixture.database.close()
    }
}
