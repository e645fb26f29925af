import Foundation

/// A payroll run of any catalog program changed state. Version 1 (``PayrollRunStatus``) names
/// the program by registration's benefit enum, so runs of campaign grants and facility
/// subsidies, which no benefit stands behind, could not be announced on it without breaking its
/// readers. Relief announces every run here, and benefit runs on version 1 as well until its
/// readers have moved.
public struct PayrollRunStatusV2: CivilEvent {
    public static let eventType = "civil.relief.payroll.status.v2"
    public static var topic: TopicSpec { TopicCatalog.payrollV2 }

    public var runId: String
    /// The program's id in relief's catalog, e.g. `dibao` or `spring-festival-grant-2027`.
    public var programId: String
    /// The program's name in the catalog (e.g. 六一儿童节慰问金), as reports print it; absent on
    /// records written before it was added.
    public var programName: String?
    /// The benefit paid, for benefit programs; nil for grants and subsidies.
    public var benefit: BenefitProgram?
    /// Who the run pays: persons for benefits and campaign grants, facilities for subsidies.
    public var payee: GrantPaymentInstruction.Payee
    /// `YYYY-MM`.
    public var period: String
    public var status: PayrollRunStatus.Status
    public var beneficiaryCount: Int
    public var totalFen: Int
    /// Staff id of whoever moved the run to this status.
    public var changedBy: String
    public var changedAt: Date

    public init(
        runId: String, programId: String, programName: String? = nil, benefit: BenefitProgram?, payee: GrantPaymentInstruction.Payee,
        period: String, status: PayrollRunStatus.Status, beneficiaryCount: Int, totalFen: Int, changedBy: String, changedAt: Date
    ) {
        self.runId = runId
        self.programId = programId
        self.programName = programName
        self.benefit = benefit
        self.payee = payee
        self.period = period
        self.status = status
        self.beneficiaryCount = beneficiaryCount
        self.totalFen = totalFen
        self.changedBy = changedBy
        self.changedAt = changedAt
    }

    public var partitionKey: String { runId }

    public static let example = PayrollRunStatusV2(
        runId: "RUN-dibao-2026-12-1", programId: "dibao", programName: "城乡最低生活保障", benefit: .dibao, payee: .person, period: "2026-12", status: .released,
        beneficiaryCount: 412, totalFen: 17_304_000, changedBy: "staff-0009", changedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = PayrollRunStatusV2(
        runId: "RUN-eldercare-operation-2026-12-1", programId: "eldercare-operation", benefit: nil, payee: .facility,
        period: "2026-12", status: .draft, beneficiaryCount: 12, totalFen: 9_600_000, changedBy: "staff-0300",
        changedAt: Date(timeIntervalSince1970: 1_795_000_000))
}
