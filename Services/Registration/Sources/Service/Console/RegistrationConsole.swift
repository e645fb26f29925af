import CivilDomain
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The caseworkers' and approvers' console at `/console/`: resident search, households, the
/// application form with the means test's figures, the approvers' queue, reviews due and the
/// household import. Every page calls the same desks as ``RegistrationRoutes``.
public struct RegistrationConsole: Sendable {
    let console: Console
    let register: Register
    let desk: ApplicationDesk

    static let navigation = [
        Console.Link("/console/residents", "居民查询"), Console.Link("/console/households/new", "登记家庭"),
        Console.Link("/console/approvals", "审批队列"), Console.Link("/console/reviews", "待复核"),
        Console.Link("/console/imports", "批量导入"),
    ]

    public static func make(register: Register, desk: ApplicationDesk, tokens: TokenDirectory) throws -> RegistrationConsole {
        let console = try Console(
            service: .registration, title: "社会救助受理", navigation: navigation, bundle: .module, tokens: tokens,
            database: register.database)
        return RegistrationConsole(console: console, register: register, desk: desk)
    }

    public func add(to router: Router<ServiceRequestContext>) {
        console.addSignIn(to: router)
        router.get("/console") { _, _ in Console.redirect(to: "/console/residents") }
        addResidents(to: router)
        addHouseholds(to: router)
        addApplications(to: router)
        addImports(to: router)
    }

    var areaOptions: [[String: String]] {
        register.areas.areas.values.filter { $0.kind != nil }.sorted { $0.code < $1.code }.map { area in
            let street = area.parent.flatMap { register.areas.areas[$0]?.name } ?? ""
            return ["code": area.code, "label": "\(street) \(area.name)（\(area.code)）"]
        }
    }

    func areaName(_ code: String) -> String {
        register.areas.areas[code]?.name ?? code
    }

    func residentRow(_ resident: Resident, householdSize: Int) -> [String: Any] {
        let today = register.clock.today
        return [
            "residentId": resident.residentId, "name": resident.name, "identity": resident.identityNumberMasked,
            "householdId": resident.householdId, "relationship": resident.relationship, "age": resident.age(on: today),
            "flags": resident.vulnerabilities(on: today, householdSize: householdSize).map(\.label),
        ]
    }

    func applicationRow(_ application: BenefitApplication, viewer: StaffIdentity?) -> [String: Any] {
        var row: [String: Any] = [
            "applicationId": application.applicationId, "householdId": application.householdId,
            "program": application.program.label, "status": RegistrationLabels.status(application.status),
            "submittedBy": application.submittedBy, "submittedAt": ConsoleFormat.time(application.submittedAt),
            "ownSubmission": application.submittedBy == viewer?.staffID,
        ]
        if let review = application.reviewDueOn { row["reviewDueOn"] = review }
        if let fen = application.monthlyAmountFen { row["monthlyAmount"] = ConsoleFormat.yuan(fen) }
        if let fen = application.oneOffAmountFen { row["oneOffAmount"] = ConsoleFormat.yuan(fen) }
        if let fen = application.householdMonthlyIncomeFen { row["income"] = ConsoleFormat.yuan(fen) }
        if let by = application.decidedBy { row["decidedBy"] = by }
        if let at = application.decidedAt { row["decidedAt"] = ConsoleFormat.time(at) }
        if let reason = application.reason { row["reason"] = reason }
        return row
    }
}
