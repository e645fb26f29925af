import CivilDomain
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The registrar's console at `/console/`: the filings queue by statutory deadline in working
/// days, a filing with its documents and the decision buttons, a form for the clerk to enter a
/// filing, and the public register's search page, which needs no sign-in.
public struct OrganizationsConsole: Sendable {
    let console: Console
    let desk: FilingDesk
    let today: @Sendable () -> String

    static let navigation = [
        Console.Link("/console/filings", "待办登记"), Console.Link("/console/filings/new", "受理登记"),
        Console.Link("/console/register", "公开名录"),
    ]
    static let kindLabels: [Filing.Kind: String] = [
        .nameReservation: "名称预先核准", .establishment: "成立登记", .change: "变更登记", .annualReport: "年度报告",
        .deregistration: "注销登记",
    ]
    static let statusLabels: [Filing.Status: String] = [
        .submitted: "已提交", .accepted: "已受理", .returned: "退回补正", .approved: "准予登记", .rejected: "不予登记",
    ]
    static let organizationKinds: [Organization.Kind: String] = [
        .socialGroup: "社会团体", .privateNonEnterpriseUnit: "民办非企业单位", .foundation: "基金会",
    ]
    static let organizationStatuses: [Organization.Status: String] = [
        .reserved: "名称已核准", .active: "正常", .deregistered: "已注销", .revoked: "已撤销",
    ]

    public static func make(desk: FilingDesk, tokens: TokenDirectory, today: @escaping @Sendable () -> String) throws -> OrganizationsConsole {
        let console = try Console(
            service: .organizations, title: "社会组织登记", navigation: navigation, bundle: .module, tokens: tokens,
            database: desk.database)
        return OrganizationsConsole(console: console, desk: desk, today: today)
    }

    public func add(to router: Router<ServiceRequestContext>) {
        console.addSignIn(to: router)
        router.get("/console") { _, _ in Console.redirect(to: "/console/filings") }
        addFilings(to: router)
        addRegister(to: router)
    }

    var kindOptions: [[String: String]] {
        Filing.Kind.allCases.map { ["code": $0.rawValue, "label": Self.kindLabels[$0] ?? $0.rawValue] }
    }

    var organizationKindOptions: [[String: String]] {
        Organization.Kind.allCases.map { ["code": $0.rawValue, "label": Self.organizationKinds[$0] ?? $0.rawValue] }
    }

    func filingRow(_ filing: Filing) -> [String: Any] {
        let left = desk.policy.calendar.workingDays(from: today(), until: filing.dueOn)
        var row: [String: Any] = [
            "filingId": filing.filingId, "organizationId": filing.organizationId,
            "kind": Self.kindLabels[filing.kind] ?? filing.kind.rawValue, "status": Self.statusLabels[filing.status] ?? filing.status.rawValue,
            "name": filing.details.name ?? "", "dueOn": filing.dueOn, "submittedBy": filing.submittedBy,
            "submittedAt": ConsoleFormat.time(filing.submittedAt), "overdue": (left ?? 0) < 0,
            "documents": filing.documents.map { ["title": $0.title, "receivedOn": $0.receivedOn] },
        ]
        if let left {
            row["workingDaysLeft"] = left
            row["workingDaysLate"] = -left
        }
        if let by = filing.decidedBy { row["decidedBy"] = by }
        if let reason = filing.reason { row["reason"] = reason }
        return row
    }
}
