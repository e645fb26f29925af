@testable import Alerts
import Contracts
import Foundation
import Hummingbird
import KafkaTestSupport
import ServiceKit
import SQLKit

/// A small district for the tests: street 330106001 with `communities` communities in a row
/// from west to east (about 1 km apart), and street 330106002 with one community.
enum AlertsFixture {
    static let tokens = try! TokenDirectory(entries: """
        \(TokenDirectory.hash(ofToken: "duty")) staff-0201 alerts duty-officer alerts
        \(TokenDirectory.hash(ofToken: "duty2")) staff-0202 alerts duty-officer alerts
        \(TokenDirectory.hash(ofToken: "officer")) staff-0310 alerts area-officer alerts
        \(TokenDirectory.hash(ofToken: "gateway")) gw-sms alerts notification-gateway alerts
        \(TokenDirectory.hash(ofToken: "auditor")) staff-0900 audit auditor alerts
        """)
    static let duty = StaffIdentity(staffID: "staff-0201", department: "alerts", roles: ["duty-officer"])
    static let duty2 = StaffIdentity(staffID: "staff-0202", department: "alerts", roles: ["duty-officer"])
    static let officer = StaffIdentity(staffID: "staff-0310", department: "alerts", roles: ["area-officer"])

    /// The alerts API on `database` with the fixture's tokens, areas and the demo material
    /// catalog, as the service routes it (Extreme and Severe alerts wait for approval).
    static func router(_ database: ServiceDatabase, areas: AlertAreas) throws -> Router<ServiceRequestContext> {
        let router = ServiceRouter.make(
            service: .alerts, tokens: tokens, audit: database, readiness: Readiness(checks: []), openAPI: AlertsOpenAPI.document,
            maxBodyBytes: 262_144, logger: quietLogger, publicPrefixes: AlertsRoutes.publicPrefixes)
        AlertsRoutes.add(to: router, desks: AlertsRoutes.Desks(
            database: database, areas: areas, materials: try materials(), approvalSeverities: ["Extreme", "Severe"]))
        return router
    }

    /// The demo material catalog (quilts, beds, water, food, lamps; norms per hundred people).
    static func materials() throws -> MaterialCatalog {
        try MaterialCatalog(contentsOf: ComposeRoot.url.appendingPathComponent("Services/Alerts/demo/relief-materials.json"))
    }

    static func community(_ index: Int) -> String { String(format: "330106001%03d", index) }

    static func areas(communities: Int = 3) throws -> AlertAreas { try AlertAreas(areaList(communities: communities)) }

    static func areaList(communities: Int = 3) -> [AlertAreas.Area] {
        var list = [
            AlertAreas.Area(code: "330106", name: "西湖区", parent: nil, centroid: nil, officers: nil),
            AlertAreas.Area(code: "330106001", name: "北山街道", parent: "330106", centroid: nil, officers: nil),
            AlertAreas.Area(code: "330106002", name: "文新街道", parent: "330106", centroid: nil, officers: nil),
            AlertAreas.Area(code: "330106002001", name: "文新社区", parent: "330106002",
                            centroid: GeoPoint(latitude: 30.30, longitude: 120.10), officers: nil),
        ]
        for index in 1...communities {
            list.append(AlertAreas.Area(
                code: community(index), name: "社区\(index)", parent: "330106001",
                centroid: GeoPoint(latitude: 30.25, longitude: 120.10 + Double(index) * 0.01),
                officers: index == 1 ? [AlertAreas.Officer(staffId: "staff-0310", phone: "13900000310")] : nil))
        }
        return list
    }

    /// Residents written straight into the directory: `perArea` in each area, every fifth one
    /// vulnerable, every other one with a phone.
    static func seed(_ database: ServiceDatabase, areas areaCodes: [String], perArea: Int) async throws {
        let now = Date()
        var rows: [[any Encodable & Sendable]] = []
        for area in areaCodes {
            for index in 0..<perArea {
                let vulnerable = index % 5 == 0
                rows.append([
                    "p_\(area)\(String(format: "%06d", index))00000000000000", "H-\(area)-\(index / 3)", area, vulnerable ? 0 : 1,
                    vulnerable ? "aged-80-plus,living-alone" : "", index % 2 == 0 ? "1380000\(String(format: "%04d", index % 10_000))" : nil,
                    now,
                ] as [any Encodable & Sendable])
            }
        }
        try await database.transaction { [rows] database in
            _ = try await database.insertRows(
                into: ResidentDirectory.table,
                columns: ["person_id", "household_id", "area_code", "priority", "vulnerabilities", "phone", "updated_at"],
                rows: rows)
        }
    }

    /// Runs `body` with a fresh database, closing it however the body ends.
    static func withDatabase(
        _ kind: TestDatabase = .sqlite, _ body: (ServiceDatabase) async throws -> Void
    ) async throws {
        let database = try await kind.open(migrations: AlertsService.migrations)
        do {
            try await body(database)
        } catch {
            try? await database.close()
            throw error
        }
        try await database.close()
    }

    static func progress(_ database: ServiceDatabase, alertId: String) async throws -> [DispatchProgress] {
        try await database.withConnection { try await DispatchProgress.all(alertId: alertId, in: $0) }
    }

    static func cap(_ xml: String) throws -> CAPAlert { try CAPXMLReader.read(Data(xml.utf8)) }
}
