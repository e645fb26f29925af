import Contracts

/// Why an application or a decision on it was refused, in the bureau's words.
public enum ApplicationError: Error, Sendable, Equatable {
    /// The beneficiary does not meet the program's rule, which the text states.
    case notEligible(BenefitProgram, String)
    /// Only the author (this staff member) may submit a draft.
    case notAuthor(String)
    /// Income per member is not below the standard of the household's area kind.
    case meansTestFailed(MeansTest, areaKind: AreaKind)
    /// The application is in `status`, from which `action` is not possible (e.g. a second approver lost the race).
    case stateConflict(status: String, action: String)
    /// The household already has this open application (draft, submitted, active or suspended)
    /// of a household-level program: a second would pay the household twice.
    case householdHasOpenApplication(applicationId: String, program: BenefitProgram)
    /// The resident already has an open home-care plan application: one plan per person.
    case personHasOpenPlan(applicationId: String)
}
