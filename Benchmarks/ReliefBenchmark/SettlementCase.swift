import Contracts
import Foundation
import Logging
import Relief
import ServiceKit

/// The home-care case: 1,180 elders (the district's purchase) with 12 one-hour visits each in a
/// month from two providers, recorded through the visit desk in bulk, then the month settled
/// (draft, approval, release). Prints visits/s for recording and for settling.
func settlementCase(logger: Logger) async throws {
    let elders = Int(ProcessInfo.processInfo.environment["RELIEF_BENCH_ELDERS"] ?? "") ?? 1180
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relief-bench-care-\(UUID().uuidString)")
    let database = try await ServiceDatabase(.sqlite(path: folder.appendingPathComponent("relief.sqlite").path), logger: logger)
    try await database.migrate(ReliefService.migrations)
    let catalog = try ProgramCatalog(json: Data("""
        {"version": "bench", "programs": [{"id": "home-care-settlement", "name": "结算", "kind": "care-settlement",
          "budgets": {"2026": 9000000000000}, "rates": [{"from": "2026-01"}]}]}
        """.utf8))
    let desks = ReliefRoutes.Desks(database: database, catalog: catalog)
    let inbox = ReliefInbox(entitlements: desks.entitlements)
    let decided = Date(timeIntervalSince1970: 1_790_000_000)
    var events: [any CivilEvent] = ["ORG-A", "ORG-B"].map {
        OrganizationRecord(organizationId: $0, name: $0, kind: .privateNonEnterpriseUnit, status: .active, domicileAreaCode: "330106", updatedAt: decided)
    }
    for elder in 1...elders {
        events.append(HouseholdSnapshot(householdId: "H-\(elder)", areaCode: elder % 2 == 1 ? "330106001001" : "330106101201", areaKind: .urban,
                                        memberCount: 1, registeredAt: decided, updatedAt: decided))
        events.append(BenefitDecisionV2(
            decisionId: "D-\(elder)", applicationId: "A-\(elder)", householdId: "H-\(elder)", beneficiaryId: "p_" + String(format: "%032x", elder),
            program: .homeCare, outcome: .approved, effectiveMonth: "2026-11",
            carePlan: .init(category: "A", monthlyHours: 16, serviceCreditFen: 0, serviceTypes: ["housekeeping", "daily-care"], policyVersion: "bench"),
            decidedBy: "staff-0007", submittedBy: "staff-0042", decidedAt: decided))
    }
    try await database.transaction { [events] database in
        for event in events { try await inbox.handle(try event.cloudEvent(id: UUID().uuidString, time: decided), in: database) }
    }
    let officer = StaffIdentity(staffID: "staff-0320", department: "relief", roles: ["care-officer"])
    for (provider, area) in [("ORG-A", "330106001"), ("ORG-B", "330106101")] {
        _ = try await desks.providers.contract(.init(providerId: provider, hourlyRatesFen: ["housekeeping": 3000, "daily-care": 4000],
                                                     areas: [area], contractFrom: "2026-01", contractUntil: "2026-12"), by: officer)
    }
    let formatter = ISO8601DateFormatter()
    let clock = ContinuousClock()
    print("home care: recording \(elders) elders × 12 visits…")
    var recorded = 0
    let recordingStart = clock.now
    for provider in ["ORG-A", "ORG-B"] {
        var reports: [CareVisits.Report] = []
        for elder in stride(from: provider == "ORG-A" ? 1 : 2, through: elders, by: 2) {
            for day in 1...12 {
                let start = formatter.date(from: String(format: "2026-11-%02dT09:00:00+08:00", day))!
                reports.append(CareVisits.Report(personId: "p_" + String(format: "%032x", elder), serviceType: day % 2 == 0 ? "housekeeping" : "daily-care",
                                                 startedAt: start, endedAt: start.addingTimeInterval(3600), staffMember: "W-\(elder % 40)"))
            }
        }
        let identity = StaffIdentity(staffID: provider, department: "provider", roles: ["care-provider"])
        for start in stride(from: 0, to: reports.count, by: 500) {
            recorded += try await desks.visits.record(bulk: Array(reports[start..<min(start + 500, reports.count)]), providerId: provider, by: identity)
                .count { $0.visit != nil }
        }
    }
    let recordingTime = clock.now - recordingStart
    let finance = StaffIdentity(staffID: "staff-0300", department: "relief", roles: ["finance-officer"])
    let approver = StaffIdentity(staffID: "staff-0007", department: "relief", roles: [.approver])
    let settlingStart = clock.now
    let run = try await desks.payroll.draft(program: "home-care-settlement", period: "2026-11", by: finance)
    _ = try await desks.payroll.approve(run.runId, by: approver)
    let released = try await desks.payroll.release(run.runId, by: finance)
    let settlingTime = clock.now - settlingStart
    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
    print(String(format: "home care: %d visits recorded in %.2f s (%.0f visits/s)", recorded, seconds(recordingTime),
                 Double(recorded) / seconds(recordingTime)))
    print(String(format: "home care: %@ settled %d visits for %d providers, %d fen, in %.2f s (%.0f visits/s)", released.runId, recorded,
                 released.beneficiaryCount, released.totalFen, seconds(settlingTime), Double(recorded) / seconds(settlingTime)))
    try await database.close()
    try? FileManager.default.removeItem(at: folder)
}
