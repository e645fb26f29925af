import Foundation
import SQLKit

extension Resident {
    /// Residents read from the `residents` table, filtered and ordered by `filter`.
    static func rows(
        in database: any SQLDatabase, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder
    ) async throws -> [Resident] {
        try rows(try await filter(database.select().column("*").from("residents")).all())
    }

    /// Residents from rows of the `residents` table.
    static func rows(_ rows: [any SQLRow]) throws -> [Resident] {
        try rows.map { row in
            Resident(
                residentId: try row.decode(column: "id", as: String.self),
                personId: try row.decode(column: "person_id", as: String.self),
                identityNumberMasked: IdentityNumber.mask(try row.decode(column: "identity_number", as: String.self)),
                name: try row.decode(column: "name", as: String.self), sex: try row.decode(column: "sex", as: String.self),
                birthDate: try row.decode(column: "birth_date", as: String.self),
                phone: try row.decode(column: "phone", as: String?.self),
                householdId: try row.decode(column: "household_id", as: String.self),
                relationship: try row.decode(column: "relationship", as: String.self),
                disabilityGrade: try row.decode(column: "disability_grade", as: Int?.self),
                leftBehindChild: try row.decode(column: "left_behind_child", as: Int.self) != 0,
                childInDifficulty: try row.decode(column: "child_in_difficulty", as: Int.self) != 0,
                institutionalCare: try row.decode(column: "institutional_care", as: Int.self) != 0,
                registeredBy: try row.decode(column: "registered_by", as: String.self),
                registeredAt: try row.decode(column: "registered_at", as: Date.self))
        }
    }
}
