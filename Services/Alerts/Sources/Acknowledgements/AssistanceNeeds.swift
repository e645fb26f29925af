import Contracts
import Crypto
import Foundation
import ServiceKit
import SQLKit

/// Turns a reported need into an ``AssistanceNeeded`` event for registration, in the transaction
/// that records the report. Only residents of the directory (with a household) are reported: an
/// officer's own answer, or a person the directory does not know, has no household to help.
enum AssistanceNeeds {
    /// Queues the event; returns it, or nil when the person has no household in the directory.
    @discardableResult
    static func report(
        alertId: String, personId: String, category: AssistanceNeeded.Category, source: AssistanceNeeded.Source,
        reportedBy: String?, now: Date, in database: any SQLDatabase
    ) async throws -> AssistanceNeeded? {
        guard let row = try await database.select().columns("household_id", "area_code").from(ResidentDirectory.table)
            .where("person_id", .equal, personId).first(),
            let householdId = try row.decode(column: "household_id", as: String?.self),
            let areaCode = try row.decode(column: "area_code", as: String?.self)
        else { return nil }
        let need = AssistanceNeeded(
            needId: needId(alertId: alertId, householdId: householdId, category: category, source: source), alertId: alertId,
            householdId: householdId, personId: personId, areaCode: areaCode, category: category, source: source,
            reportedBy: reportedBy, reportedAt: now)
        try await Outbox.append(need, time: now, in: database)
        return need
    }

    static func needId(alertId: String, householdId: String, category: AssistanceNeeded.Category, source: AssistanceNeeded.Source) -> String {
        let digest = SHA256.hash(data: Data([alertId, householdId, category.rawValue, source.rawValue].joined(separator: "\n").utf8))
        return "NEED-" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
