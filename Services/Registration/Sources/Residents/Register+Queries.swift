import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// A page of residents and how to get the next.
public struct ResidentPage: Sendable, Codable {
    public let residents: [Resident]
    public let page: Int
    public let pageSize: Int
    public let total: Int
}

/// Filters of the resident list; all optional.
public struct ResidentQuery: Sendable {
    /// A community or village code, or a street or district code for all below it.
    public var areaCode: String?
    /// Residents with every one of these flags.
    public var flags: Set<Vulnerability> = []
    /// Residents who are beneficiaries of this program...
    public var program: BenefitProgram?
    /// ...with an application in this status (default active).
    public var programStatus: BenefitApplication.Status?
    public var page = 1
    public var pageSize = 50

    public init() {}
}

extension Register {
    /// Residents matching `query`, ordered by registration, one page at a time.
    public func residents(matching query: ResidentQuery) async throws -> ResidentPage {
        let today = clock.today
        return try await database.withConnection { database in
            var select = database.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("residents")))
                .from("residents")
                .join("households", on: SQLColumn("household_id", table: "residents"), .equal, SQLColumn("id", table: "households"))
            if let area = query.areaCode {
                select = select.where(SQLColumn("area_code", table: "households"), .like, SQLBind(area + "%"))
            }
            if let program = query.program {
                select = select.where(SQLColumn("id", table: "residents"), .in, SQLSubquery.select { sub in
                    sub.column("beneficiary_resident_id").from("applications")
                        .where("program", .equal, SQLBind(program.rawValue))
                        .where("status", .equal, SQLBind((query.programStatus ?? .active).rawValue))
                })
            }
            let candidates = try await select.orderBy(SQLColumn("registered_at", table: "residents")).all()
                .map { try $0.decode(column: "id", as: String.self) }
            var matching: [Resident] = []
            var householdSizes: [String: Int] = [:]
            var dibaoHouseholds: [String: Bool] = [:]
            for id in candidates {
                guard let resident = try await Resident.rows(in: database, { $0.where("id", .equal, SQLBind(id)) }).first else { continue }
                if !query.flags.isEmpty {
                    if householdSizes[resident.householdId] == nil {
                        householdSizes[resident.householdId] = try await households.members(of: resident.householdId, in: database).count
                        dibaoHouseholds[resident.householdId] = try await database.select().column("id").from("applications")
                            .where("household_id", .equal, SQLBind(resident.householdId)).where("program", .equal, SQLBind("dibao"))
                            .where("status", .equal, SQLBind("active")).first() != nil
                    }
                    let flags = Set(resident.vulnerabilities(
                        on: today, householdSize: householdSizes[resident.householdId] ?? 1,
                        dibaoHousehold: dibaoHouseholds[resident.householdId] ?? false))
                    guard query.flags.isSubset(of: flags) else { continue }
                }
                matching.append(resident)
            }
            let start = min(matching.count, (query.page - 1) * query.pageSize)
            let end = min(matching.count, start + query.pageSize)
            return ResidentPage(residents: Array(matching[start..<end]), page: query.page, pageSize: query.pageSize, total: matching.count)
        }
    }
}
