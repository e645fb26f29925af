import Foundation

/// A payroll run changed state; for the finance office's and analysts' dashboards.
public struct PayrollRunStatus: CivilEvent {
    public static let eventType = "civil.relief.payroll.status.v1"
    public static var topic: TopicSpec { TopicCatalog.payroll }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case draft
        case approved
        case released
        case reconciled
        case cancelled
    }

    public var runId: String
    public var program: BenefitProgram
    /// `YYYY-MM`.
    public var period: String
    public var status: Status
    public var beneficiaryCount: Int
    public var totalFen: Int
    /// Staff id of whoever moved the run to this status.
    public var changedBy: String
    public var changedAt: Date

    public init(
        runId: String, program: BenefitProgram, period: String, status: Status, beneficiaryCount: Int, totalFen: Int,
        changedBy: String, changedAt: Date
    ) {
        self.runId = runId
        self.program = program
        self.period = period
        self.status = status
        self.beneficiaryCount = beneficiaryCount
        self.totalFen = totalFen
        self.changedBy = changedBy
        self.changedAt = changedAt
    }

    public var partitionKey: String { runId }

    public static let example = PayrollRunStatus(
        runId: "RUN-dibao-2026-12", program: .dibao, period: "2026-12", status: .released, beneficiaryCount: 412,
        totalFen: 17_304_000, changedBy: "staff-0009", changedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = example
}
