/// The assistance programs. Registration decides eligibility; relief disbursement pays.
public enum BenefitProgram: String, Codable, Sendable, CaseIterable {
    case dibao
    case temporaryRelief = "temporary-relief"
    case emergencyRelief = "emergency-relief"
    case medicalAssistance = "medical-assistance"
    case childLivingAllowance = "child-living-allowance"
    case elderlyHomeCareSubsidy = "elderly-home-care-subsidy"
}
