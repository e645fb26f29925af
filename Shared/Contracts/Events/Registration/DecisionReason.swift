/// Why a benefit decision was made, as a code: what analysts may read on the decision topics,
/// which are kept forever. The approver's own words stay in registration's database for staff.
public enum DecisionReason: String, Codable, Sendable, CaseIterable {
    /// The household's income is above what the standard allows.
    case incomeAboveStandard = "income-above-standard"
    /// The household's income changed (an adjustment or a review).
    case incomeChanged = "income-changed"
    /// The program's standard changed (a standard-change batch).
    case standardChanged = "standard-changed"
    /// Not within the program's rules (age, residence, category).
    case notEligible = "not-eligible"
    /// Documents or evidence are missing.
    case documentsMissing = "documents-missing"
    /// The application's information was found to be untrue.
    case falseInformation = "false-information"
    /// The beneficiary died.
    case deceased
    /// The beneficiary moved out of the district.
    case movedOut = "moved-out"
    /// The beneficiary was registered in error.
    case registeredInError = "registered-in-error"
    /// The beneficiary reached the program's age limit.
    case ageLimit = "age-limit"
    /// The beneficiary entered institutional care.
    case institutionalCare = "institutional-care"
    /// The annual or periodic review's outcome.
    case review
    /// None of the above; the approver's words say why.
    case other
}
