import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

extension ApplicationDesk {
    /// The plan's terms as the application keeps them (JSON), set at submission and again on approval.
    static let carePlanColumn = DatabaseMigration("registration-applications-care-plan-1") { database in
        try await database.alter(table: "applications").column("care_plan", type: .text).run()
    }

    /// The plan the policy gives `resident` now, from the flags registration publishes (the
    /// household's real size for living alone, its dibao for the dibao-household flag).
    /// - Throws: ``ApplicationError/notEligible(_:_:)`` naming why when no category or credit applies.
    func homeCarePlan(for resident: Resident) async throws -> BenefitDecisionV2.CarePlan {
        guard let policy = homeCare else {
            throw InvalidInput("home care is not offered here: no home-care policy is configured (homeCare.policyFile)",
                               fields: ["program": "not offered"])
        }
        let (members, dibao) = try await database.withConnection { database in
            let members = try await database.select().column("id").from("residents")
                .where("household_id", .equal, SQLBind(resident.householdId)).all().count
            let dibao = try await database.select().column("id").from("applications")
                .where("household_id", .equal, SQLBind(resident.householdId))
                .where("program", .equal, SQLBind(BenefitProgram.dibao.rawValue))
                .where("status", .equal, SQLBind(BenefitApplication.Status.active.rawValue)).first() != nil
            return (members, dibao)
        }
        let flags = Set(resident.vulnerabilities(on: register.clock.today, householdSize: members, dibaoHousehold: dibao))
        guard let plan = policy.plan(for: flags) else {
            throw ApplicationError.notEligible(
                .homeCare, "home care is for residents in a category of the policy \(policy.version) or aged 85 to 89 outside institutional care; "
                    + "this resident's flags: \(flags.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        return plan
    }

    /// Refuses a second open home-care application for one resident.
    static func refuseSecondOpenPlan(for residentId: String, household: String, in database: any SQLDatabase) async throws {
        _ = try await database.select().column("id").from("households").where("id", .equal, SQLBind(household)).for(.update).first()
        if let existing = try await database.select().column("id").from("applications")
            .where("beneficiary_resident_id", .equal, SQLBind(residentId))
            .where("program", .equal, SQLBind(BenefitProgram.homeCare.rawValue))
            .where("status", .in, SQLBind.group(openStatuses.map(\.rawValue))).first() {
            throw ApplicationError.personHasOpenPlan(applicationId: try existing.decode(column: "id", as: String.self))
        }
    }

    static func carePlanText(_ plan: BenefitDecisionV2.CarePlan) throws -> String {
        String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
    }

    static func carePlan(fromText text: String) throws -> BenefitDecisionV2.CarePlan {
        try JSONDecoder().decode(BenefitDecisionV2.CarePlan.self, from: Data(text.utf8))
    }
}
