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

    /// Pages a list may be asked for (``PageRequest``'s ranges).
    public static let pages = PageRequest.pages
    public static let pageSizes = PageRequest.pageSizes

    public init() {}
}

extension Register {
    /// Residents matching `query`, ordered by registration, one page at a time. Filtered, counted
    /// and paged in SQL on the read connection, so a district-wide list never holds the writer;
    /// the flags are the same rules as ``Resident/vulnerabilities(on:householdSize:dibaoHousehold:)``,
    /// written as conditions on the row.
    public func residents(matching query: ResidentQuery) async throws -> ResidentPage {
        let today = clock.today
        let offset = (query.page - 1).multipliedReportingOverflow(by: query.pageSize)
        guard query.page >= 1, !offset.overflow else { throw InvalidInput("page is out of range", fields: ["page": "1 or more"]) }
        return try await database.withReadConnection { database in
            func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                var select = select.from("residents")
                    .join("households", on: SQLColumn("household_id", table: "residents"), .equal, SQLColumn("id", table: "households"))
                if let area = query.areaCode {
                    // The area and everything below it: codes that start with it, as a range the
                    // households' area index serves (':' sorts right after '9').
                    select = select.where(SQLColumn("area_code", table: "households"), .greaterThanOrEqual, SQLBind(area))
                        .where(SQLColumn("area_code", table: "households"), .lessThan, SQLBind(area + ":"))
                }
                if let program = query.program {
                    select = select.where(SQLColumn("id", table: "residents"), .in, SQLSubquery.select { sub in
                        sub.column("beneficiary_resident_id").from("applications")
                            .where("program", .equal, SQLBind(program.rawValue))
                            .where("status", .equal, SQLBind((query.programStatus ?? .active).rawValue))
                    })
                }
                for flag in query.flags { select = Self.filter(select, flag, today: today) }
                return select
            }
            let total = try await filtered(database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await filtered(database.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("residents"))))
                .orderBy(SQLColumn("registered_at", table: "residents")).orderBy(SQLColumn("id", table: "residents"))
                .limit(query.pageSize).offset(offset.partialValue).all()
            let residents = try Resident.rows(rows)
            return ResidentPage(residents: residents, page: query.page, pageSize: query.pageSize, total: total)
        }
    }

    /// The condition a flag puts on a resident row (joined with its household).
    static func filter(_ select: SQLSelectBuilder, _ flag: Vulnerability, today: CivilDate) -> SQLSelectBuilder {
        let birth = SQLColumn("birth_date", table: "residents")
        /// Born on or before this day: at least `years` old today.
        func bornBy(_ years: Int) -> SQLBind { SQLBind(today.adding(years: -years)?.description ?? "0000-00-00") }
        let members = SQLSubquery.select { sub in
            sub.column(SQLFunction("COUNT", args: SQLLiteral.all)).from(SQLAlias(SQLIdentifier("residents"), as: SQLIdentifier("m")))
                .where(SQLColumn("household_id", table: "m"), .equal, SQLColumn("household_id", table: "residents"))
        }
        switch flag {
        case .aged60Plus: return select.where(birth, .lessThanOrEqual, bornBy(60))
        case .aged80Plus: return select.where(birth, .lessThanOrEqual, bornBy(80))
        case .aged85To89: return select.where(birth, .lessThanOrEqual, bornBy(85)).where(birth, .greaterThan, bornBy(90))
        case .livingAlone: return select.where(members, .equal, SQLLiteral.numeric("1"))
        case .disability: return select.where(SQLColumn("disability_grade", table: "residents"), .isNot, SQLLiteral.null)
        case .leftBehindChild: return select.where(SQLColumn("left_behind_child", table: "residents"), .equal, SQLBind(1))
        case .childInDifficulty: return select.where(SQLColumn("child_in_difficulty", table: "residents"), .equal, SQLBind(1))
        case .institutionalCare: return select.where(SQLColumn("institutional_care", table: "residents"), .equal, SQLBind(1))
        case .dibaoHousehold:
            return select.where(SQLColumn("household_id", table: "residents"), .in, SQLSubquery.select { sub in
                sub.column("household_id").from("applications").where("program", .equal, SQLBind(BenefitProgram.dibao.rawValue))
                    .where("status", .equal, SQLBind(BenefitApplication.Status.active.rawValue))
            })
        }
    }
}
