import CivilDomain
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The finance office's console at `/console/`: the program catalog, payroll runs (draft with
/// held lines and their reasons, approval, release), reconciliation drawn as bars, and the
/// payments export. Every page calls the same desks as ``ReliefRoutes``.
public struct ReliefConsole: Sendable {
    let console: Console
    let desks: ReliefRoutes.Desks

    static let navigation = [Console.Link("/console/runs", "发放批次"), Console.Link("/console/programs", "救助项目")]
    static let stateLabels: [PayrollRun.State: String] = [
        .draft: "草稿", .approved: "已审批", .releasing: "发放中", .released: "已发放", .reconciled: "已对账", .cancelled: "已作废",
    ]
    static let lineLabels: [PayrollLine.State: String] = [
        .pending: "待发放", .instructed: "已下发银行", .alreadyPaid: "已付过（不重复发放）", .held: "暂缓", .stopped: "停发",
    ]

    public static func make(desks: ReliefRoutes.Desks, tokens: TokenDirectory) throws -> ReliefConsole {
        let console = try Console(
            service: .relief, title: "救助资金发放", navigation: navigation, bundle: .module, tokens: tokens, database: desks.database)
        return ReliefConsole(console: console, desks: desks)
    }

    public func add(to router: Router<ServiceRequestContext>) {
        console.addSignIn(to: router)
        router.get("/console") { _, _ in Console.redirect(to: "/console/runs") }
        router.get("/console/programs") { request, context in
            await console.respond(request, context: context) {
                _ = try console.staff(context, anyOf: ReliefRoutes.readers)
                let month = desks.payroll.clock.today.month.description
                return console.page("programs", title: "救助项目", [
                    "month": month,
                    "programs": desks.catalog.programs.map { program -> [String: Any] in
                        let rate = program.rate(in: month)
                        var row: [String: Any] = ["id": program.id, "name": program.name, "kind": program.kind.rawValue]
                        if let amount = rate?.monthlyAmountFen ?? rate?.amountFen { row["amount"] = ConsoleFormat.yuan(amount) }
                        if let cap = rate?.capFen { row["cap"] = ConsoleFormat.yuan(cap) }
                        if let budget = program.budget(forYearOf: month) { row["budget"] = ConsoleFormat.yuan(budget) }
                        return row
                    },
                    "version": desks.catalog.version,
                ], context: context)
            }
        }
        addRuns(to: router)
    }

    func runRow(_ run: PayrollRun) -> [String: Any] {
        var row: [String: Any] = [
            "runId": run.runId, "program": desks.catalog.programs.first { $0.id == run.program }?.name ?? run.program,
            "period": run.period, "state": Self.stateLabels[run.status] ?? run.status.rawValue,
            "count": run.beneficiaryCount, "total": ConsoleFormat.yuan(run.totalFen), "held": run.heldCount,
            "stopped": run.stoppedCount, "createdBy": run.createdBy, "createdAt": ConsoleFormat.time(run.createdAt),
            "approvals": run.approvals.map { ["by": $0.approvedBy, "at": ConsoleFormat.time($0.approvedAt)] },
            "requiredApprovals": run.requiredApprovals,
        ]
        if let by = run.releasedBy { row["releasedBy"] = by }
        if let by = run.reconciledBy { row["reconciledBy"] = by }
        return row
    }
}
