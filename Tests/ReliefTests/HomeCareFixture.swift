import Contracts
import Foundation
import KafkaTestSupport
@testable import Relief
import ServiceKit
import SQLKit

/// A district's purchased home care on a fresh relief database: the register's organizations,
/// two households' areas, home-care plans decided by registration, and contracted providers.
enum HomeCareFixture {
    static let careOfficer = StaffIdentity(staffID: "staff-0320", department: "relief", roles: ["care-officer"])
    static let finance = StaffIdentity(staffID: "staff-0300", department: "relief", roles: ["finance-officer"])
    static let approver = StaffIdentity(staffID: "staff-0301", department: "relief", roles: ["approver"])
    static func provider(_ id: String) -> StaffIdentity { StaffIdentity(staffID: id, department: "provider", roles: ["care-provider"]) }

    static func catalog() throws -> ProgramCatalog {
        try ProgramCatalog(json: Data("""
            {"version": "test-care-1", "programs": [
              {"id": "home-care-settlement", "name": "居家养老服务结算", "kind": "care-settlement",
               "budgets": {"2026": 100000000, "2027": 100000000}, "rates": [{"from": "2026-01"}]}
            ]}
            """.utf8))
    }

    /// `2026-11-02 09:00` in Asia/Shanghai.
    static func at(_ day: String, _ hour: Int, _ minute: Int = 0) -> Date {
        ISO8601DateFormatter().date(from: String(format: "%@T%02d:%02d:00+08:00", day, hour, minute))!
    }

    static func organization(_ id: String, _ status: OrganizationRecord.Status, at time: TimeInterval = 1_790_000_000) -> OrganizationRecord {
        OrganizationRecord(organizationId: id, name: "居家养老服务中心 \(id)", kind: .privateNonEnterpriseUnit, status: status,
                           domicileAreaCode: "330106", updatedAt: Date(timeIntervalSince1970: time))
    }

    /// An elder's snapshot on the person topic: 85 to 89 (the credit may be spent) or older.
    static func person(_ n: Int, area: String, aged85To89: Bool = true, at time: TimeInterval = 1_790_000_000) -> PersonSnapshot {
        PersonSnapshot(personId: ReliefFixture.person(n), householdId: "H-\(n)", areaCode: area, sex: .female, birthYear: aged85To89 ? 1938 : 1935,
                       vulnerabilities: aged85To89 ? [.aged60Plus, .aged80Plus, .aged85To89] : [.aged60Plus, .aged80Plus],
                       updatedAt: Date(timeIntervalSince1970: time))
    }

    static func household(_ id: String, area: String) -> HouseholdSnapshot {
        HouseholdSnapshot(householdId: id, areaCode: area, areaKind: .urban, memberCount: 1, registeredAt: Date(timeIntervalSince1970: 1_790_000_000),
                          updatedAt: Date(timeIntervalSince1970: 1_790_000_000))
    }

    /// A home-care decision on `person`'s application, as registration publishes it on v2.
    static func plan(
        _ person: Int, _ outcome: BenefitDecisionV2.Outcome = .approved, month: String = "2026-11", hours: Int = 8, creditFen: Int = 0,
        types: [String] = ["housekeeping", "daily-care"], household: String? = nil, decision: String? = nil
    ) -> BenefitDecisionV2 {
        BenefitDecisionV2(
            decisionId: decision ?? "D-care-\(person)-\(outcome.rawValue)-\(month)", applicationId: "A-care-\(person)",
            householdId: household ?? "H-\(person)", beneficiaryId: ReliefFixture.person(person), program: .homeCare, outcome: outcome,
            effectiveMonth: month,
            carePlan: outcome == .approved
                ? .init(category: hours > 0 ? "C" : "credit", monthlyHours: hours, serviceCreditFen: creditFen, serviceTypes: types, policyVersion: "t1")
                : nil,
            decidedBy: "staff-0007", submittedBy: "staff-0042", decidedAt: Date(timeIntervalSince1970: 1_790_000_000))
    }

    static func visit(_ person: Int, _ type: String = "housekeeping", day: String = "2026-11-02", from hour: Int, minutes: Int = 60)
        -> CareVisits.Report
    {
        let start = at(day, hour)
        return CareVisits.Report(personId: ReliefFixture.person(person), serviceType: type, startedAt: start,
                                 endedAt: start.addingTimeInterval(Double(minutes * 60)), staffMember: "W-01")
    }

    /// The problem kind a refused call answers with.
    static func refusal<T>(_ body: () async throws -> T) async -> String {
        do {
            _ = try await body()
            return "accepted"
        } catch let error as any ProblemConvertible {
            return error.problem.kind
        } catch {
            return "\(error)"
        }
    }

    /// ORG-A (serves street 330106001, housekeeping 3,000 and daily care 4,000 fen an hour, all
    /// 2026) and ORG-B (the whole district, housekeeping 3,500, November only), both active; ORG-R
    /// only reserved. Elder 1 in 330106001001 with 8 hours; elder 2 in 330106002001 with only the
    /// 85–89 credit of 5,000 fen; elder 3's plan ended from November.
    static func district(_ fixture: ReliefFixture) async throws {
        try await fixture.deliver([
            organization("ORG-A", .active), organization("ORG-B", .active), organization("ORG-R", .reserved),
            household("H-1", area: "330106001001"), household("H-2", area: "330106002001"), household("H-3", area: "330106001001"),
            person(2, area: "330106002001"),
            plan(1), plan(2, hours: 0, creditFen: 5000, types: ["housekeeping"]),
            plan(3, month: "2026-10"), plan(3, .exited, month: "2026-11"),
        ])
        let providers = fixture.desks.providers
        _ = try await providers.contract(.init(providerId: "ORG-A", hourlyRatesFen: ["housekeeping": 3000, "daily-care": 4000],
                                               areas: ["330106001"], contractFrom: "2026-01", contractUntil: "2026-12"), by: careOfficer)
        _ = try await providers.contract(.init(providerId: "ORG-B", hourlyRatesFen: ["housekeeping": 3500],
                                               areas: ["330106"], contractFrom: "2026-11", contractUntil: "2026-11"), by: careOfficer)
    }
}
