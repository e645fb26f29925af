import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Registration
import ServiceKit
import Testing

@Suite("Bulk import from CSV")
struct ImportTests {
    static let goodAndBad = """
        household_ref,area_code,identity_number,name,relationship,phone,disability_grade,left_behind_child
        HH-1,330106001001,330106193805120047,王秀英,head,13800000001,2,
        HH-1,330106001001,330106193805120063,王秀兰,sister,,,
        HH-2,330106101201,44030519900101123X,陈伟,head,,,
        HH-2,330106101201,510107201806150317,陈小明,child,,,1
        HH-2,330106101201,110105194912310021,错号,parent,,,
        HH-3,330106009999,650102195512310072,阿依,head,,,
        HH-2,330106001001,11010519491231002X,张三,parent,,,
        HH-4,330106001001,44030519900101123X,重复,head,,,
        HH-4,330106001001,330106195001010116,李四,head,12345,,
        HH-4,330106001001,330106195001010116,李四,head,,,maybe

        """

    func importCSV(_ client: some TestClientProtocol, _ csv: String, mode: String, bom: Bool = false) async throws -> (Int, [String: Any]) {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer caseworker"
        headers[.contentType] = "text/csv; charset=utf-8"
        var bytes = bom ? [0xEF, 0xBB, 0xBF] as [UInt8] : []
        bytes += Array(csv.utf8)
        return try await client.execute(uri: "/v1/imports?mode=\(mode)", method: .post, headers: headers, body: ByteBuffer(bytes: bytes)) { response in
            (response.status.code, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:])
        }
    }

    func residentCount(_ client: some TestClientProtocol) async throws -> Int {
        try await client.get("/v1/residents?pageSize=500").1["total"] as? Int ?? -1
    }

    @Test("a dry run reports every bad row with its line and reason, and changes nothing")
    func dryRun() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let (status, report) = try await importCSV(client, Self.goodAndBad, mode: "dry-run", bom: true)
            #expect(status == 200)
            #expect(report["applied"] as? Bool == false)
            #expect(report["rows"] as? Int == 10)
            #expect(report["residentsCreated"] as? Int == 4 && report["householdsCreated"] as? Int == 2)
            let errors = (report["errors"] as? [[String: Any]] ?? []).map { ($0["line"] as? Int ?? 0, $0["reason"] as? String ?? "") }
            #expect(errors.map(\.0) == [6, 7, 8, 9, 10, 11])
            #expect(errors[0].1.contains("check character"))
            #expect(errors[1].1.contains("not a community or village"))
            #expect(errors[2].1 == "household HH-2 is in area 330106101201 on line 4")
            #expect(errors[3].1 == "identity_number repeats line 4")
            #expect(errors[4].1.contains("phone"))
            #expect(errors[5].1.contains("left_behind_child"))
            #expect(try await residentCount(client) == 0)
        }
        try await fixture.database.close()
    }

    @Test("all-or-nothing refuses a file with bad rows; per-row applies the good ones; a second import changes nothing")
    func applyAndReimport() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let (refused, problem) = try await importCSV(client, Self.goodAndBad, mode: "all-or-nothing")
            #expect(refused == 422)
            #expect((problem["errors"] as? [String: String])?.keys.sorted() == ["10", "11", "6", "7", "8", "9"])
            #expect(try await residentCount(client) == 0)

            let (status, report) = try await importCSV(client, Self.goodAndBad, mode: "per-row")
            #expect(status == 200)
            #expect(report["applied"] as? Bool == true)
            #expect(report["residentsCreated"] as? Int == 4 && report["householdsCreated"] as? Int == 2)
            #expect(try await residentCount(client) == 4)

            let (_, again) = try await importCSV(client, Self.goodAndBad, mode: "per-row", bom: true)
            #expect(again["residentsCreated"] as? Int == 0 && again["householdsCreated"] as? Int == 0)
            #expect(again["unchanged"] as? Int == 4)
            #expect(try await residentCount(client) == 4)

            let clean = Self.goodAndBad.split(separator: "\n").prefix(5).joined(separator: "\n")
            let (cleanStatus, cleanReport) = try await importCSV(client, clean, mode: "all-or-nothing")
            #expect(cleanStatus == 200 && cleanReport["unchanged"] as? Int == 4)
        }
        try await fixture.database.close()
    }

    @Test("a file without a required column, or not CSV, is refused naming the problem")
    func badFiles() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let (status, problem) = try await importCSV(client, "household_ref,name\nHH-1,x\n", mode: "dry-run")
            #expect(status == 400)
            #expect((problem["detail"] as? String)?.contains("area_code, identity_number, relationship") == true)
            var headers = HTTPFields()
            headers[.authorization] = "Bearer caseworker"
            headers[.contentType] = "application/json"
            let wrongType = try await client.execute(uri: "/v1/imports", method: .post, headers: headers, body: ByteBuffer(string: "{}")) { $0.status }
            #expect(wrongType == .unsupportedMediaType)
            headers[.contentType] = "text/csv"
            let notUTF8 = try await client.execute(uri: "/v1/imports", method: .post, headers: headers, body: ByteBuffer(bytes: [0xFF, 0xFE, 0x00])) { $0.status }
            #expect(notUTF8 == .badRequest)
        }
        try await fixture.database.close()
    }
}
