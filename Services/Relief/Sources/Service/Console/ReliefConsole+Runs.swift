import CivilDomain
import Contracts
import Hummingbird
import ServiceKit

extension ReliefConsole {
    /// The runs' list and draft form, a run's page with its lines and the buttons its state
    /// allows, the reconciliation as bars, and the payments export.
    func addRuns(to router: Router<ServiceRequestContext>) {
        router.get("/console/runs") { request, context in
            await console.respond(request, context: context) {
                _ = try console.staff(context, anyOf: ReliefRoutes.readers)
                return console.page("runs", title: "发放批次", try await runsValues(request), context: context)
            }
        }
        router.post("/console/runs") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: [ReliefRoutes.financeOfficer])
                let form = try await console.form(request, context: context)
                do {
                    guard let program = form["program"], let period = form["period"] else {
                        throw Problem.invalidBody("choose a program and a month", fields: ["period": "a month YYYY-MM"])
                    }
                    let run = try await desks.payroll.draft(program: program, period: period, by: staff)
                    return Console.redirect(to: "/console/runs/\(run.runId)")
                } catch {
                    return console.refused(Console.problem(of: error, context: context), "runs", title: "发放批次",
                                           try await runsValues(request), form: form, context: context)
                }
            }
        }
        router.get("/console/runs/{runId}") { request, context in
            await console.respond(request, context: context) {
                let staff = try console.staff(context, anyOf: ReliefRoutes.readers)
                let values = try await runValues(try context.parameters.require("runId"), staff: staff, request: request)
                return console.page("run", title: "发放批次详情", values, context: context)
            }
        }
        for (action, role) in [("approval", StaffRole.approver), ("release", ReliefRoutes.financeOfficer),
                               ("reconciliation", ReliefRoutes.financeOfficer)] {
            router.post("/console/runs/{runId}/\(action)") { request, context in
                await console.respond(request, context: context) {
                    let staff = try console.staff(context, anyOf: [role])
                    let runId = try context.parameters.require("runId")
                    _ = try await console.form(request, context: context)
                    do {
                        switch action {
                        case "approval": _ = try await desks.payroll.approve(runId, by: staff)
                        case "release": _ = try await desks.payroll.release(runId, by: staff)
                        default: _ = try await desks.payroll.reconcile(runId, by: staff)
                        }
                        return Console.redirect(to: "/console/runs/\(runId)")
                    } catch {
                        return console.refused(Console.problem(of: error, context: context), "run", title: "发放批次详情",
                                               try await runValues(runId, staff: staff, request: request), form: nil, context: context)
                    }
                }
            }
        }
        router.get("/console/runs/{runId}/payments.csv") { request, context in
            await console.respond(request, context: context) {
                _ = try console.staff(context, anyOf: ReliefRoutes.readers)
                return try await ReliefRoutes.paymentsExport(try context.parameters.require("runId"), desks: desks)
            }
        }
    }

    func runsValues(_ request: Request) async throws -> [String: Any] {
        let page = try PageRequest(query: request, defaultSize: 20)
        let runs = try await desks.payroll.runs(page: page)
        return [
            "runs": runs.items.map(runRow),
            "programs": desks.catalog.programs.filter { [.monthly, .oneOff, .claims, .campaign].contains($0.kind) }
                .map { ["id": $0.id, "name": $0.name] },
            "paging": ConsolePaging.links(runs, request: request),
            "thisMonth": desks.payroll.clock.today.month.description,
        ]
    }

    func runValues(_ runId: String, staff: StaffIdentity, request: Request) async throws -> [String: Any] {
        let run = try await desks.payroll.run(runId)
        let page = try PageRequest(query: request, defaultSize: 50)
        let lines = try await desks.payroll.lines(runId, page: page)
        let approvedByMe = run.approvals.contains { $0.approvedBy == staff.staffID }
        var values: [String: Any] = [
            "run": runRow(run),
            "lines": lines.items.map { line -> [String: Any] in
                [
                    "beneficiary": line.beneficiaryId, "household": line.householdId, "amount": ConsoleFormat.yuan(line.amountFen),
                    "state": Self.lineLabels[line.state] ?? line.state.rawValue, "note": line.note ?? "",
                    "held": line.state == .held || line.state == .stopped,
                ]
            },
            "paging": ConsolePaging.links(lines, request: request),
            "canApprove": run.status == .draft && staff.roles.contains(.approver) && run.createdBy != staff.staffID && !approvedByMe,
            "canRelease": run.status == .approved && staff.roles.contains(ReliefRoutes.financeOfficer),
            "canReconcile": run.status == .released && staff.roles.contains(ReliefRoutes.financeOfficer),
            "ownDraft": run.status == .draft && run.createdBy == staff.staffID,
        ]
        if [.releasing, .released, .reconciled].contains(run.status) {
            let tally = try await desks.payroll.reconciliation(runId)
            values["reconciliation"] = [
                "chart": ConsoleChart.bars([
                    .init("已下发", value: tally.instructed.fen, text: "\(tally.instructed.count) 笔 · \(ConsoleFormat.yuan(tally.instructed.fen)) 元"),
                    .init("银行确认", value: tally.confirmed.fen, text: "\(tally.confirmed.count) 笔 · \(ConsoleFormat.yuan(tally.confirmed.fen)) 元", colour: "#1b6e3a"),
                    .init("失败", value: tally.failed.fen, text: "\(tally.failed.count) 笔 · \(ConsoleFormat.yuan(tally.failed.fen)) 元", colour: "#b3261e"),
                    .init("未回执", value: tally.outstanding.fen, text: "\(tally.outstanding.count) 笔 · \(ConsoleFormat.yuan(tally.outstanding.fen)) 元", colour: "#9a5b00"),
                ], title: "对账：笔数与金额"),
                "confirmed": tally.confirmed.count, "failed": tally.failed.count, "outstanding": tally.outstanding.count,
            ]
        }
        return values
    }
}
