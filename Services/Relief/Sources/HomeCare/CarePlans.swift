import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Home-care plans as registration decides them: the terms (category, hours, credit, service
/// types) of each home-care application, from its decisions on the decision topic (v2). Whether
/// a plan is in force in a month is the entitlement ledger's fold of the same decisions, so a
/// suspension, an exit or a removed resident ends visits from the month it takes effect.
struct CarePlans {
    static let table = "care_plans"

    static let migration = DatabaseMigration("relief-care-plans-1") { database in
        try await database.create(table: table)
            .column("application_id", type: .text, .primaryKey(autoIncrement: false))
            .column("person_id", type: .text, .notNull)
            .column("household_id", type: .text, .notNull)
            .column("category", type: .text, .notNull)
            .column("monthly_hours", type: .int, .notNull)
            .column("service_credit_fen", type: .bigint, .notNull)
            .column("service_types", type: .text, .notNull)
            .column("policy_version", type: .text, .notNull)
            .run()
        try await database.create(index: "care_plans_person").on(table).column("person_id").run()
    }

    /// A plan in force for an elder in a month.
    struct Plan: Sendable, Equatable {
        let applicationId: String
        let personId: String
        let householdId: String
        let category: String
        let monthlyHours: Int
        let serviceCreditFen: Int
        let serviceTypes: [String]
    }

    /// Records the terms a home-care decision carries (inside the inbox's transaction).
    static func apply(_ decision: BenefitDecisionV2, in database: any SQLDatabase) async throws {
        guard decision.program == .homeCare, let plan = decision.carePlan else { return }
        guard (0...744).contains(plan.monthlyHours), Fen.isAccepted(plan.serviceCreditFen) else {
            throw PermanentEventError("care plan terms out of range: \(plan.monthlyHours) hours, \(plan.serviceCreditFen) fen")
        }
        try await database.insert(into: table)
            .columns("application_id", "person_id", "household_id", "category", "monthly_hours", "service_credit_fen", "service_types", "policy_version")
            .values(SQLBind(decision.applicationId), SQLBind(decision.beneficiaryId), SQLBind(decision.householdId), SQLBind(plan.category),
                    SQLBind(plan.monthlyHours), SQLBind(plan.serviceCreditFen), SQLBind(plan.serviceTypes.joined(separator: ",")),
                    SQLBind(plan.policyVersion))
            .onConflict(with: ["application_id"]) {
                $0.set(excludedValueOf: "category").set(excludedValueOf: "monthly_hours").set(excludedValueOf: "service_credit_fen")
                    .set(excludedValueOf: "service_types").set(excludedValueOf: "policy_version")
            }
            .run()
    }

    /// The elder's plan in force in `month`, if any.
    static func plan(of personId: String, in month: String, entitlements: EntitlementLedger, in database: any SQLDatabase) async throws -> Plan? {
        let payable = try await entitlements.entitlements(in: month, program: .homeCare, beneficiary: personId, in: database).filter(\.payable)
        guard let entitlement = payable.last,
              let row = try await database.select().column("*").from(table).where("application_id", .equal, SQLBind(entitlement.applicationId)).first()
        else { return nil }
        return Plan(
            applicationId: entitlement.applicationId, personId: personId, householdId: try row.decode(column: "household_id", as: String.self),
            category: try row.decode(column: "category", as: String.self), monthlyHours: try row.decode(column: "monthly_hours", as: Int.self),
            serviceCreditFen: try row.decode(column: "service_credit_fen", as: Int.self),
            serviceTypes: try row.decode(column: "service_types", as: String.self).split(separator: ",").map(String.init))
    }

    /// Every plan in force in `month` (for the report).
    static func plans(in month: String, entitlements: EntitlementLedger, in database: any SQLDatabase) async throws -> [Plan] {
        let payable = try await entitlements.entitlements(in: month, program: .homeCare, in: database).filter(\.payable)
        guard !payable.isEmpty else { return [] }
        var terms: [String: any SQLRow] = [:]
        for row in try await database.select().column("*").from(table).all() {
            terms[try row.decode(column: "application_id", as: String.self)] = row
        }
        return try payable.compactMap { entitlement in
            guard let row = terms[entitlement.applicationId] else { return nil }
            return Plan(
                applicationId: entitlement.applicationId, personId: entitlement.beneficiaryId, householdId: entitlement.householdId,
                category: try row.decode(column: "category", as: String.self), monthlyHours: try row.decode(column: "monthly_hours", as: Int.self),
                serviceCreditFen: try row.decode(column: "service_credit_fen", as: Int.self),
                serviceTypes: try row.decode(column: "service_types", as: String.self).split(separator: ",").map(String.init))
        }
    }
}
