import CivilDomain
import Foundation
import Hummingbird

extension AuditTrail {
    /// `GET /v1/audit?record=&staff=&from=&until=` for auditors: a page of the trail, newest first.
    /// `from` and `until` are RFC 3339 times or `YYYY-MM-DD` days in the bureau's time zone
    /// (`until` a day means up to its end).
    static func addRoute(to router: Router<ServiceRequestContext>, database: ServiceDatabase) {
        router.get("/v1/audit") { request, context -> Page<Entry> in
            _ = try context.staff(withRole: .auditor)
            let parameters = request.uri.queryParameters
            var query = Query()
            if let record = parameters.get("record") {
                guard FreeText.isLine(record, maxLength: 128), !record.contains(where: { "%_\\,".contains($0) || $0.isWhitespace }) else {
                    throw Problem.invalidQuery("record must be a record id (1-128 characters, no spaces, % _ \\ or ,)")
                }
                query.record = record
            }
            if let staff = parameters.get("staff") {
                guard FreeText.isLine(staff, maxLength: 64) else { throw Problem.invalidQuery("staff must be a staff id") }
                query.staffID = staff
            }
            query.from = try parameters.get("from").map { try Self.instant($0, name: "from", endOfDay: false) }
            query.until = try parameters.get("until").map { try Self.instant($0, name: "until", endOfDay: true) }
            return try await entries(query, page: try PageRequest(query: request), in: database)
        }
    }

    private static func instant(_ text: String, name: String, endOfDay: Bool) throws(Problem) -> Date {
        if let day = CivilDate(text) {
            guard let instant = endOfDay ? day.adding(days: 1)?.start : day.start else {
                throw Problem.invalidQuery("\(name) is out of range")
            }
            return instant
        }
        guard let instant = try? Date(text, strategy: .iso8601) else {
            throw Problem.invalidQuery("\(name) must be an RFC 3339 time or YYYY-MM-DD")
        }
        return instant
    }
}

