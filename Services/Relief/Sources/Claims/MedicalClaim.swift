import CivilDomain
import Foundation
import ServiceKit

/// A medical-assistance claim: the out-of-pocket cost of a treatment, and the assistance it
/// earns (a share of the cost, limited by what is left of the person's yearly cap).
public struct MedicalClaim: Sendable, Codable, Equatable {
    public let claimId: String
    public let beneficiaryId: String
    public let householdId: String
    /// `YYYY-MM` of the treatment; the year is the cap's year.
    public let serviceMonth: String
    public let outOfPocketFen: Int
    /// The share of the cost before the cap.
    public let shareFen: Int
    /// What is paid: the share, or what was left of the yearly cap.
    public let assistanceFen: Int
    public let enteredBy: String
    public let enteredAt: Date
}

/// A claim as the medical-assistance desk enters it. `claimId` is the hospital's settlement
/// number, so entering the same claim twice is recognized.
public struct MedicalClaimRequest: StrictRequestBody, Sendable {
    public static let fields: Set<String> = ["claimId", "beneficiaryId", "householdId", "serviceMonth", "outOfPocketFen"]
    public var claimId: String
    public var beneficiaryId: String
    public var householdId: String
    public var serviceMonth: String
    public var outOfPocketFen: Int

    public init(claimId: String, beneficiaryId: String, householdId: String, serviceMonth: String, outOfPocketFen: Int) {
        self.claimId = claimId
        self.beneficiaryId = beneficiaryId
        self.householdId = householdId
        self.serviceMonth = serviceMonth
        self.outOfPocketFen = outOfPocketFen
    }
}
