import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The elderly-care facilities that facility subsidies pay, by their id in the organizations
/// register, with their beds as the civil-affairs bureau last inspected them. A subsidy is
/// reckoned from the beds recorded when its run is drafted.
public struct CareFacilities: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    public static let migration = DatabaseMigration("relief-care-facilities-1") { database in
        try await database.create(table: "care_facilities")
            .column("facility_id", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("area_code", type: .text, .notNull)
            .column("beds", type: .int, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("recorded_at", type: .timestamp, .notNull)
            .run()
    }

    public struct Facility: Sendable, Codable, Equatable {
        public let facilityId: String
        /// The facility's registered name (an organization's name is public).
        public let name: String
        /// The community or village it is in, for the reports by area.
        public let areaCode: String
        public let beds: Int
        public let recordedBy: String
        public let recordedAt: Date
    }

    struct RecordRequest: StrictRequestBody {
        static let fields: Set<String> = ["name", "areaCode", "beds"]
        let name: String
        let areaCode: String
        let beds: Int
    }

    /// Records a facility or its new bed count.
    /// - Throws: 400 `invalid-body` naming each field that is wrong.
    func record(_ request: RecordRequest, id facilityId: String, by staff: StaffIdentity) async throws -> Facility {
        var errors: [String: String] = [:]
        if facilityId.range(of: "^[A-Za-z0-9][A-Za-z0-9-]{0,63}$", options: .regularExpression) == nil {
            errors["facilityId"] = "the organization id: letters, digits and '-'"
        }
        if !FreeText.isLine(request.name, maxLength: 128) { errors["name"] = "required, up to 128 characters" }
        if request.areaCode.range(of: "^[0-9]{12}$", options: .regularExpression) == nil { errors["areaCode"] = "12 digits" }
        if !(1...100_000).contains(request.beds) { errors["beds"] = "1 to 100000" }
        guard errors.isEmpty else { throw InvalidInput("the facility is not valid", fields: errors) }
        let facility = Facility(
            facilityId: facilityId, name: request.name, areaCode: request.areaCode, beds: request.beds,
            recordedBy: staff.staffID, recordedAt: Date())
        try await database.transaction { database in
            try await database.insert(into: "care_facilities")
                .columns("facility_id", "name", "area_code", "beds", "recorded_by", "recorded_at")
                .values(SQLBind(facility.facilityId), SQLBind(facility.name), SQLBind(facility.areaCode), SQLBind(facility.beds),
                        SQLBind(facility.recordedBy), SQLBind(facility.recordedAt))
                .onConflict(with: ["facility_id"]) {
                    $0.set(excludedValueOf: "name").set(excludedValueOf: "area_code").set(excludedValueOf: "beds")
                        .set(excludedValueOf: "recorded_by").set(excludedValueOf: "recorded_at")
                }
                .run()
        }
        return facility
    }

    public func facilities() async throws -> [Facility] {
        try await database.withConnection { try await Self.facilities(in: $0) }
    }

    static func facilities(in database: any SQLDatabase) async throws -> [Facility] {
        try await database.select().column("*").from("care_facilities").orderBy("facility_id").all().map { row in
            Facility(
                facilityId: try row.decode(column: "facility_id", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                areaCode: try row.decode(column: "area_code", as: String.self),
                beds: try row.decode(column: "beds", as: Int.self),
                recordedBy: try row.decode(column: "recorded_by", as: String.self),
                recordedAt: try row.decode(column: "recorded_at", as: Date.self))
        }
    }
}
