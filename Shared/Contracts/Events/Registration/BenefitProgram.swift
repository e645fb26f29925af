/// The assistance programs. Registration decides eligibility; relief disbursement pays.
public enum BenefitProgram: String, Codable, Sendable, CaseIterable {
    case dibao
    case temporaryRelief = "temporary-relief"
    case emergencyRelief = "emergency-relief"
    case medicalAssistance = "medical-assistance"
    case childLivingAllowance = "child-living-allowance"
    case elderlyHomeCareSubsidy = "elderly-home-care-subsidy"
    /// Purchased home-care service: a care plan of monthly hours (and, for those aged 85 to 89, a
    /// service credit) that providers deliver and relief settles with them. Never paid to the
    /// person; decided like the others and published on the decision topic's v2 only.
    case homeCare = "home-care"

    /// Whether the program is granted to a household as a whole (dibao tops up the household's
    /// income): one open application per household, and relief pays it once per household and
    /// month whoever the beneficiary named on the application is.
    public var isHouseholdLevel: Bool { self == .dibao }
}
