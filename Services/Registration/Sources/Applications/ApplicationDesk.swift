import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Takes benefit applications and records decisions on them. Every decision is four-eyes
/// (the approver is not the submitter), names who decided and when, and writes one
/// `BenefitDecision` event in the same transaction; two approvers racing on one application
/// produce one decision, the other gets 409.
public struct ApplicationDesk: Sendable {
    let database: ServiceDatabase
    let register: Register
    let standards: MeansTest.Standards

    /// Who gets purchased home care and how much; nil: home-care applications are refused.
    let homeCare: HomeCarePolicy?

    public init(database: ServiceDatabase, register: Register, standards: MeansTest.Standards, homeCare: HomeCarePolicy? = nil) {
        self.database = database
        self.register = register
        self.standards = standards
        self.homeCare = homeCare
    }

    static let monthlyPrograms: Set<BenefitProgram> = [.childLivingAllowance, .elderlyHomeCareSubsidy]
    static let oneOffPrograms: Set<BenefitProgram> = [.temporaryRelief, .emergencyRelief, .medicalAssistance]

    public func submit(_ submission: ApplicationSubmission, by staff: StaffIdentity) async throws -> BenefitApplication {
        let beneficiary = try await register.resident(submission.beneficiaryResidentId)
        guard beneficiary.householdId == submission.householdId else {
            throw InvalidInput(
                "the beneficiary is not a member of household \(submission.householdId)",
                fields: ["beneficiaryResidentId": "not in the household"])
        }
        try checkEligibility(of: beneficiary, for: submission.program)
        var carePlan: BenefitDecisionV2.CarePlan?
        switch submission.program {
        case .homeCare:
            carePlan = try await homeCarePlan(for: beneficiary)
        case .dibao:
            guard let income = submission.householdMonthlyIncomeFen, Fen.isAccepted(income) else {
                throw InvalidInput("dibao needs householdMonthlyIncomeFen (fen, 0 to \(Fen.largestAccepted.value))",
                                   fields: ["householdMonthlyIncomeFen": "required for dibao, 0 to \(Fen.largestAccepted.value)"])
            }
        case let program where Self.oneOffPrograms.contains(program):
            guard let amount = submission.oneOffAmountFen, Fen.isAccepted(amount, positive: true) else {
                throw InvalidInput("\(program.rawValue) needs oneOffAmountFen (fen, 1 to \(Fen.largestAccepted.value))",
                                   fields: ["oneOffAmountFen": "required, 1 to \(Fen.largestAccepted.value)"])
            }
        default:
            guard let amount = submission.monthlyAmountFen, Fen.isAccepted(amount, positive: true) else {
                throw InvalidInput("\(submission.program.rawValue) needs monthlyAmountFen (fen, 1 to \(Fen.largestAccepted.value))",
                                   fields: ["monthlyAmountFen": "required, 1 to \(Fen.largestAccepted.value)"])
            }
        }
        let plan = carePlan
        let id = Register.newID("A")
        AuditTrail.name(id)
        let status: BenefitApplication.Status = submission.submit == false ? .draft : .submitted
        let now = register.clock.now
        try await database.transaction { database in
            if submission.program.isHouseholdLevel {
                try await Self.refuseSecondOpen(submission.program, household: submission.householdId, in: database)
            }
            if submission.program == .homeCare {
                try await Self.refuseSecondOpenPlan(for: beneficiary.residentId, household: submission.householdId, in: database)
            }
            try await database.insert(into: "applications")
                .columns("id", "household_id", "beneficiary_resident_id", "person_id", "program", "status",
                         "household_monthly_income_fen", "monthly_amount_fen", "one_off_amount_fen", "submitted_by",
                         "submitted_at", "updated_at", "care_plan")
                .values(SQLBind(id), SQLBind(submission.householdId), SQLBind(beneficiary.residentId),
                        SQLBind(beneficiary.personId), SQLBind(submission.program.rawValue), SQLBind(status.rawValue),
                        SQLBind(submission.householdMonthlyIncomeFen),
                        SQLBind([.dibao, .homeCare].contains(submission.program) ? nil : submission.monthlyAmountFen),
                        SQLBind(submission.oneOffAmountFen), SQLBind(staff.staffID), SQLBind(now), SQLBind(now),
                        SQLBind(try plan.map(Self.carePlanText)))
                .run()
        }
        return try await application(id)
    }

    /// The beneficiary's pseudonym as the application recorded it: the resident may since have
    /// been removed, and an exit must still reach relief.
    private func personId(ofApplication id: String) async throws -> String {
        guard let row = try await database.withConnection({ database in
            try await database.select().column("person_id").from("applications").where("id", .equal, SQLBind(id)).first()
        }) else { throw NotFound("no application \(id)") }
        return try row.decode(column: "person_id", as: String.self)
    }

    /// The statuses in which an application still holds its program for the household.
    static let openStatuses: [BenefitApplication.Status] = [.draft, .submitted, .active, .suspended]

    /// Refuses a second open application of a household-level program for `household`. The
    /// household row is locked first, so two caseworkers submitting at once are serialized
    /// (SQLite's write transaction already is).
    static func refuseSecondOpen(
        _ program: BenefitProgram, household: String, excluding applicationId: String? = nil,
        statuses: [BenefitApplication.Status] = openStatuses, in database: any SQLDatabase
    ) async throws {
        _ = try await database.select().column("id").from("households").where("id", .equal, SQLBind(household))
            .for(.update).first()
        var open = database.select().column("id").from("applications")
            .where("household_id", .equal, SQLBind(household)).where("program", .equal, SQLBind(program.rawValue))
            .where("status", .in, SQLBind.group(statuses.map(\.rawValue)))
        if let applicationId { open = open.where("id", .notEqual, SQLBind(applicationId)) }
        if let existing = try await open.orderBy("submitted_at").first() {
            throw ApplicationError.householdHasOpenApplication(
                applicationId: try existing.decode(column: "id", as: String.self), program: program)
        }
    }

    /// The eligibility rules registration owns beyond the means test: the child living allowance
    /// is for children under 18 who are left behind or in difficulty; the elderly home-care
    /// subsidy is for residents aged 85 to 89 who are not in institutional care.
    func checkEligibility(of beneficiary: Resident, for program: BenefitProgram) throws(ApplicationError) {
        let today = register.clock.today
        let flags = Set(beneficiary.vulnerabilities(on: today, householdSize: 2))
        let age = beneficiary.age(on: today)
        switch program {
        case .childLivingAllowance:
            guard age < 18, beneficiary.leftBehindChild || beneficiary.childInDifficulty else {
                throw .notEligible(program, "the child living allowance is for children under 18 who are left behind or in difficulty")
            }
        case .elderlyHomeCareSubsidy:
            guard flags.contains(.aged85To89), !beneficiary.institutionalCare else {
                throw .notEligible(program, "the elderly home-care subsidy is for residents aged 85 to 89 who are not in institutional care")
            }
        default:
            break
        }
    }

    /// Moves a draft to submitted; only its author may, except a draft opened from a reported need
    /// (``AssistanceNeedDrafts/opener``), which the submitting caseworker takes over and must give
    /// the amount of.
    public func submitDraft(_ id: String, oneOffAmountFen: Int? = nil, by staff: StaffIdentity) async throws -> BenefitApplication {
        let current = try await application(id)
        let opened = current.submittedBy == AssistanceNeedDrafts.opener
        guard current.submittedBy == staff.staffID || opened else {
            throw ApplicationError.notAuthor(current.submittedBy)
        }
        if let amount = oneOffAmountFen {
            guard Self.oneOffPrograms.contains(current.program), current.oneOffAmountFen == nil || opened else {
                throw InvalidInput("oneOffAmountFen is set at submission only on a one-off draft that has none",
                                   fields: ["oneOffAmountFen": "not accepted for this draft"])
            }
            guard Fen.isAccepted(amount, positive: true) else {
                throw InvalidInput("oneOffAmountFen must be 1 to \(Fen.largestAccepted.value)",
                                   fields: ["oneOffAmountFen": "1 to \(Fen.largestAccepted.value)"])
            }
        }
        let amount = oneOffAmountFen ?? current.oneOffAmountFen
        if Self.oneOffPrograms.contains(current.program), amount == nil {
            throw InvalidInput("\(current.program.rawValue) needs oneOffAmountFen (fen, 1 to \(Fen.largestAccepted.value))",
                               fields: ["oneOffAmountFen": "required, 1 to \(Fen.largestAccepted.value)"])
        }
        let now = register.clock.now
        try await transition(id, from: [.draft], to: .submitted, action: "submit") { database in
            guard opened else { return }
            // Taken over in the same conditional update's transaction: two caseworkers racing get one submission.
            try await database.update("applications")
                .set("submitted_by", to: SQLBind(staff.staffID)).set("submitted_at", to: SQLBind(now))
                .set("one_off_amount_fen", to: SQLBind(amount))
                .where("id", .equal, SQLBind(id)).run()
        }
        return try await application(id)
    }

    /// Records a decision. The approver must not be the submitter.
    public func decide(_ id: String, _ request: DecisionRequest, by approver: StaffIdentity, today: CivilDate) async throws -> BenefitApplication {
        let current = try await application(id)
        try FourEyes.check(submittedBy: current.submittedBy, decidedBy: approver, what: "application")
        if let reason = request.reason, !FreeText.isText(reason, maxLength: 2000) {
            throw InvalidInput("reason must be 1 to 2000 characters", fields: ["reason": "1 to 2000 characters"])
        }
        let reason = request.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if [.reject, .suspend, .exit, .adjust].contains(request.action), reason?.isEmpty ?? true {
            throw InvalidInput("a reason is required to \(request.action.rawValue)", fields: ["reason": "required"])
        }
        let effectiveMonth = try request.effectiveMonth.map(Self.validMonth) ?? today.month.next ?? today.month
        if request.action == .adjust {
            guard current.program == .dibao else {
                throw InvalidInput("only a dibao is re-assessed; end or suspend other benefits", fields: ["action": "dibao only"])
            }
            if let income = request.householdMonthlyIncomeFen, !Fen.isAccepted(income) {
                throw InvalidInput("householdMonthlyIncomeFen must be 0 to \(Fen.largestAccepted.value)",
                                   fields: ["householdMonthlyIncomeFen": "0 to \(Fen.largestAccepted.value)"])
            }
        } else if request.householdMonthlyIncomeFen != nil {
            throw InvalidInput("householdMonthlyIncomeFen is given only to adjust", fields: ["householdMonthlyIncomeFen": "adjust only"])
        }
        let income = request.householdMonthlyIncomeFen ?? current.householdMonthlyIncomeFen

        let (from, to, outcome): ([BenefitApplication.Status], BenefitApplication.Status, BenefitDecisionV2.Outcome) =
            switch request.action {
            case .approve: ([.submitted], .active, .approved)
            case .reject: ([.submitted], .rejected, .rejected)
            case .suspend: ([.active], .suspended, .suspended)
            case .resume: ([.suspended], .active, .resumed)
            case .exit: ([.active, .suspended], .exited, .exited)
            case .adjust: ([.active], .active, .adjusted)
            }
        let test = [.approve, .adjust].contains(request.action) && current.program == .dibao
            ? try await meansTest(householdId: current.householdId, income: income ?? 0, month: effectiveMonth) : nil
        let monthlyAmount = test?.monthlyTopUpFen ?? current.monthlyAmountFen
        // A home-care plan is assessed again on approval: the resident's flags may have changed.
        let carePlan = current.program == .homeCare && request.action == .approve
            ? try await homeCarePlan(for: try await register.resident(current.beneficiaryResidentId)) : current.carePlan
        let now = register.clock.now
        let reviewDue = [.approve, .adjust].contains(request.action) ? today.adding(years: 1)?.description : current.reviewDueOn
        let decision = BenefitDecisionV2(
            decisionId: Register.newID("D"),
            applicationId: id, householdId: current.householdId,
            beneficiaryId: try await personId(ofApplication: id),
            program: current.program, outcome: outcome, monthlyAmountFen: monthlyAmount,
            oneOffAmountFen: current.oneOffAmountFen, effectiveMonth: effectiveMonth.description, reason: reason, reasonCode: request.code,
            householdMonthlyIncomeFen: test.map { _ in income ?? 0 }, members: test?.members, standardFen: test?.standardFen,
            carePlan: carePlan, decidedBy: approver.staffID, submittedBy: current.submittedBy, decidedAt: now)
        try await transition(id, from: from, to: to, action: request.action.rawValue) { database in
            if current.program.isHouseholdLevel, [.approve, .resume].contains(request.action) {
                try await Self.refuseSecondOpen(current.program, household: current.householdId, excluding: id,
                                                statuses: [.active, .suspended], in: database)
            }
            try await database.update("applications")
                .set("decided_by", to: SQLBind(approver.staffID)).set("decided_at", to: SQLBind(now))
                .set("reason", to: SQLBind(reason)).set("monthly_amount_fen", to: SQLBind(monthlyAmount))
                .set("review_due_on", to: SQLBind(reviewDue)).set("household_monthly_income_fen", to: SQLBind(income))
                .set("care_plan", to: SQLBind(try carePlan.map(Self.carePlanText)))
                .where("id", .equal, SQLBind(id)).run()
            try await Decisions.record(decision, in: database)
            if current.program == .dibao {
                // The household's members gain or lose the dibao-household flag.
                try await register.households.publish(current.householdId, in: database)
            }
        }
        return try await application(id)
    }

    /// The means test of the household as it is registered now, with `income` per month, at the
    /// standard in force in `month`.
    func meansTest(householdId: String, income: Int, month: Month) async throws -> MeansTest {
        let (result, kind) = try await assessment(householdId: householdId, income: income, month: month)
        guard result.qualifies else {
            throw ApplicationError.meansTestFailed(result, areaKind: kind)
        }
        return result
    }

    /// The means test's figures for the household as registered now, qualifying or not: what a
    /// caseworker sees before submitting, computed as the approval will compute it.
    public func assessment(householdId: String, income: Int, month: Month) async throws -> (MeansTest, AreaKind) {
        let household = try await register.households.household(householdId)
        let kind = register.areas.residentialArea(household.areaCode)?.kind ?? .urban
        let result = try MeansTest(
            householdMonthlyIncomeFen: income,
            members: max(1, household.members.count), standardFen: standards.standard(for: kind, in: month))
        return (result, kind)
    }

    /// The approvers' queue reads applications by status in the order they came.
    public static let queueIndex = DatabaseMigration("registration-applications-queue-1") { database in
        try await database.create(index: "applications_status_submitted").on("applications")
            .column("status").column("submitted_at").run()
    }

    /// Applications in `status`, oldest first: the approvers' queue is `submitted`.
    public func applications(in status: BenefitApplication.Status, page: PageRequest = PageRequest()) async throws -> Page<BenefitApplication> {
        try await database.withReadConnection { database in
            let total = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("applications")
                .where("status", .equal, SQLBind(status.rawValue)).first()?.decode(column: "n", as: Int.self) ?? 0
            let items = try await applications(in: database) { select in
                select.from("applications").where("status", .equal, SQLBind(status.rawValue))
                    .orderBy("submitted_at").orderBy("id").limit(page.pageSize).offset(page.offset)
            }
            return Page(items, of: page, total: total)
        }
    }

    public func application(_ id: String) async throws -> BenefitApplication {
        try await database.withConnection { database in
            guard let application = try await applications(in: database, { $0.from("applications").where("id", .equal, SQLBind(id)) }).first else {
                throw NotFound("no application \(id)")
            }
            return application
        }
    }

    /// Active benefits whose annual review is due on or before `date`.
    public func reviewsDue(onOrBefore date: CivilDate, page: PageRequest = PageRequest()) async throws -> Page<BenefitApplication> {
        try await database.withReadConnection { database in
            func due(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                select.from("applications").where("status", .equal, SQLBind(BenefitApplication.Status.active.rawValue))
                    .where("review_due_on", .lessThanOrEqual, SQLBind(date.description))
            }
            let total = try await due(database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let items = try await applications(in: database) { select in
                due(select).orderBy("review_due_on").orderBy("id").limit(page.pageSize).offset(page.offset)
            }
            return Page(items, of: page, total: total)
        }
    }

    /// Changes the status only if it is still one of `from`: of two racing approvers one wins,
    /// the other gets 409 and nothing of theirs is written.
    private func transition(
        _ id: String, from: [BenefitApplication.Status], to: BenefitApplication.Status, action: String,
        _ effect: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        try await database.transaction { database in
            let changed = try await database.update("applications")
                .set("status", to: SQLBind(to.rawValue)).set("updated_at", to: SQLBind(register.clock.now))
                .where("id", .equal, SQLBind(id)).where("status", .in, SQLBind.group(from.map(\.rawValue)))
                .returning("id").all()
            guard !changed.isEmpty else {
                let status = try await database.select().column("status").from("applications")
                    .where("id", .equal, SQLBind(id)).first()?.decode(column: "status", as: String.self) ?? "unknown"
                throw ApplicationError.stateConflict(status: status, action: action)
            }
            try await effect(database)
        }
    }

    private func applications(
        in database: any SQLDatabase, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder
    ) async throws -> [BenefitApplication] {
        try await filter(database.select().column("*")).all().map { row in
            BenefitApplication(
                applicationId: try row.decode(column: "id", as: String.self),
                householdId: try row.decode(column: "household_id", as: String.self),
                beneficiaryResidentId: try row.decode(column: "beneficiary_resident_id", as: String.self),
                program: BenefitProgram(rawValue: try row.decode(column: "program", as: String.self)) ?? .dibao,
                status: BenefitApplication.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
                householdMonthlyIncomeFen: try row.decode(column: "household_monthly_income_fen", as: Int?.self),
                monthlyAmountFen: try row.decode(column: "monthly_amount_fen", as: Int?.self),
                oneOffAmountFen: try row.decode(column: "one_off_amount_fen", as: Int?.self),
                carePlan: try row.decode(column: "care_plan", as: String?.self).map(Self.carePlan(fromText:)),
                submittedBy: try row.decode(column: "submitted_by", as: String.self),
                submittedAt: try row.decode(column: "submitted_at", as: Date.self),
                decidedBy: try row.decode(column: "decided_by", as: String?.self),
                decidedAt: try row.decode(column: "decided_at", as: Date?.self),
                reason: try row.decode(column: "reason", as: String?.self),
                reviewDueOn: try row.decode(column: "review_due_on", as: String?.self))
        }
    }

    static func validMonth(_ text: String) throws(InvalidInput) -> Month {
        guard let month = Month(text) else {
            throw InvalidInput("effectiveMonth must be YYYY-MM", fields: ["effectiveMonth": "YYYY-MM"])
        }
        return month
    }
}
