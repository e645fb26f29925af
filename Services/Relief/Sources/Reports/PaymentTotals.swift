import CivilDomain
import Contracts
import Foundation
import SQLKit
import ServiceKit

/// The half-year report's figures: amount paid and person-times, per program and area, for the
/// benefit months in a range (one-off payments and grants count in their run's month). Only
/// payments the bank confirmed count as paid.
public struct PaymentTotals: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        /// The registration program, or the catalog id of a campaign or facility subsidy.
        public let program: String
        /// The household's (or the care facility's) community or village; `unknown` until
        /// registration's household record has arrived.
        public let areaCode: String
        public let personTimes: Int
        public let paidFen: Int
    }

    public let from: String
    public let to: String
    public let rows: [Row]
    public let totalPaidFen: Int
    public let totalPersonTimes: Int

    static func compute(from: String, to: String, in database: ServiceDatabase) async throws -> PaymentTotals {
        let rows = try await database.withConnection { database in
            try await database.select()
                .column(SQLColumn("program", table: "p"))
                .column(SQLFunction("COALESCE", args: SQLColumn("area_code", table: "h"), SQLColumn("area_code", table: "f"),
                                    SQLLiteral.string("unknown")), as: "area")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .column(SQLRaw("CAST(SUM(p.amount_fen) AS BIGINT)"), as: "fen")
                .from(SQLAlias(SQLIdentifier("payments"), as: SQLIdentifier("p")))
                .join(SQLAlias(SQLIdentifier("household_areas"), as: SQLIdentifier("h")), method: SQLJoinMethod.left,
                      on: SQLColumn("household_id", table: "p"), .equal, SQLColumn("household_id", table: "h"))
                .join(SQLAlias(SQLIdentifier("care_facilities"), as: SQLIdentifier("f")), method: SQLJoinMethod.left,
                      on: SQLColumn("beneficiary_id", table: "p"), .equal, SQLColumn("facility_id", table: "f"))
                .where(SQLColumn("status", table: "p"), .equal, SQLBind(Payment.Status.paid.rawValue))
                .where(SQLColumn("period", table: "p"), .greaterThanOrEqual, SQLBind(from))
                .where(SQLColumn("period", table: "p"), .lessThanOrEqual, SQLBind(to))
                .groupBy(SQLColumn("program", table: "p")).groupBy(SQLIdentifier("area"))
                .orderBy(SQLColumn("program", table: "p")).orderBy(SQLIdentifier("area"))
                .all().map { row in
                    Row(program: try row.decode(column: "program", as: String.self),
                        areaCode: try row.decode(column: "area", as: String.self),
                        personTimes: try row.decode(column: "n", as: Int.self), paidFen: try row.decode(column: "fen", as: Int.self))
                }
        }
        return PaymentTotals(
            from: from, to: to, rows: rows, totalPaidFen: try Fen.sum(rows.map { Fen($0.paidFen) }).value,
            totalPersonTimes: rows.reduce(0) { $0 + $1.personTimes })
    }
}
