import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The area of each household, from registration's household topic, for the reports by area.
/// A deregistered household (tombstone) keeps its last area: its past payments still count there.
public struct HouseholdAreas: Sendable {
    public static let migration = DatabaseMigration("relief-household-areas-1") { database in
        try await database.create(table: "household_areas")
            .column("household_id", type: .text, .primaryKey(autoIncrement: false))
            .column("area_code", type: .text, .notNull)
            .column("updated_at", type: .timestamp, .notNull)
            .run()
    }

    func apply(_ event: CloudEvent, in database: any SQLDatabase) async throws {
        let household = try HouseholdSnapshot(cloudEvent: event)
        try await database.insert(into: "household_areas")
            .columns("household_id", "area_code", "updated_at")
            .values(SQLBind(household.householdId), SQLBind(household.areaCode), SQLBind(household.updatedAt))
            .onConflict(with: ["household_id"]) { $0.set(excludedValueOf: "area_code").set(excludedValueOf: "updated_at") }
            .run()
    }
}
