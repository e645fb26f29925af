/// Why a home-care request was refused, in the care office's words. Each refusal of a visit
/// names its rule, so a provider's bulk upload says which rows to correct.
public enum CareError: Error, Sendable, Equatable {
    /// The organization is not in the register relief has read, or not active there.
    case providerNotActive(providerId: String, status: String)
    case providerExists(String)
    case notAProvider(String)
    /// The provider's contract does not cover the visit's month.
    case outsideContract(providerId: String, month: String)
    /// The elder has no home-care plan in force in the month.
    case notEligible(personId: String, month: String)
    /// The service type is not in the elder's plan, or not in the provider's contract.
    case outsidePlan(serviceType: String, allowed: [String])
    case notContracted(serviceType: String)
    /// The elder lives in an area the provider does not serve.
    case areaNotServed(areaCode: String)
    /// The month's hours (and service credit) would be exceeded.
    case beyondMonthlyHours(usedMinutes: Int, allowedMinutes: Int, creditLeftFen: Int, visitFen: Int)
    /// Another visit of the same elder overlaps this one.
    case overlapping(visitId: String)
    /// The provider's month is already settled: a late visit cannot be paid.
    case monthSettled(providerId: String, month: String)
    case noSuchVisit(String)
    /// The visit was not drawn for a call-back.
    case notDrawn(String)
}
