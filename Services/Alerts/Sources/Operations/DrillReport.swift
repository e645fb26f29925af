import CivilDomain
import Foundation
import ServiceKit
import SQLKit

/// How an Exercise went, per area: the officers and shelter managers told, who answered and how
/// fast after the drill was issued. The answers are the acknowledgements officers record for
/// themselves; residents are never part of a drill.
public struct DrillReport: Codable, Sendable, Equatable {
    public struct Area: Codable, Sendable, Equatable {
        public var areaCode: String
        public var notified: Int
        public var acknowledged: Int
        /// Seconds from issue to the answer: the median and the slowest; nil before any answer.
        public var medianSeconds: Int?
        public var slowestSeconds: Int?
        /// Staff ids of those told who have not answered.
        public var notAnswered: [String]
    }

    public var alertId: String
    public var issuedAt: Date
    public var areas: [Area]

    /// Not an Exercise: there is no drill to report.
    public struct NotADrill: Error, Sendable, Equatable {
        public let alertId: String
        public let status: String
    }

    /// The report of `alert`, from its dispatch progress, the areas file's officers, the shelters'
    /// managers and the answers recorded.
    static func make(for alert: StoredAlert, areas: AlertAreas, database: ServiceDatabase) async throws -> DrillReport {
        guard alert.cap.statusValue == .exercise else { throw NotADrill(alertId: alert.identifier, status: alert.cap.status) }
        let issuedAt = alert.approvedAt ?? alert.submittedAt
        return try await database.withReadConnection { database in
            let progress = Dictionary(uniqueKeysWithValues: try await DispatchProgress.all(alertId: alert.identifier, in: database)
                .map { ($0.areaCode, $0) })
            var answeredAt: [String: Date] = [:]
            for row in try await database.select().columns("recipient_id", "received_at").from(AcknowledgementDesk.table)
                .where("alert_id", .equal, alert.identifier).all() {
                answeredAt[try row.decode(column: "recipient_id", as: String.self)] = try row.decode(column: "received_at", as: Date.self)
            }
            var result: [Area] = []
            for area in alert.areaCodes {
                let managers = try await ShelterDesk.managers(in: area, in: database)
                let told = ((areas.areas[area]?.officers ?? []).filter { $0.phone != nil }.map(\.staffId)
                    + managers.filter { $0.phone != nil }.map(\.staffId))
                let seconds = told.compactMap { answeredAt[$0] }.map { max(0, Int($0.timeIntervalSince(issuedAt).rounded())) }.sorted()
                result.append(Area(
                    areaCode: area, notified: progress[area]?.notified ?? 0, acknowledged: seconds.count,
                    medianSeconds: seconds.isEmpty ? nil : seconds[seconds.count / 2], slowestSeconds: seconds.last,
                    notAnswered: told.filter { answeredAt[$0] == nil }.sorted()))
            }
            return DrillReport(alertId: alert.identifier, issuedAt: issuedAt, areas: result)
        }
    }
}
