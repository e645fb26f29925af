import Foundation
import ServiceKit

/// A registered resident as the service answers about it. The identity number is shown masked.
public struct Resident: Sendable, Codable, Equatable {
    public let residentId: String
    /// The pseudonym that stands for this person on every topic.
    public let personId: String
    public let identityNumberMasked: String
    public let name: String
    public let sex: String
    public let birthDate: String
    public let phone: String?
    public let householdId: String
    public let relationship: String
    public let disabilityGrade: Int?
    public let leftBehindChild: Bool
    public let childInDifficulty: Bool
    public let institutionalCare: Bool
    public let registeredBy: String
    public let registeredAt: Date
}

/// What a caseworker submits to register a resident.
public struct ResidentRegistration: StrictRequestBody, Sendable {
    public let identityNumber: String
    public let name: String
    public let phone: String?
    public let householdId: String
    /// Relationship to the head of household, e.g. `head`, `spouse`, `child`, `parent`.
    public let relationship: String
    public let disabilityGrade: Int?
    public let leftBehindChild: Bool?
    public let childInDifficulty: Bool?
    public let institutionalCare: Bool?

    public static let fields: Set<String> = [
        "identityNumber", "name", "phone", "householdId", "relationship", "disabilityGrade", "leftBehindChild",
        "childInDifficulty", "institutionalCare",
    ]

    public init(
        identityNumber: String, name: String, phone: String?, householdId: String, relationship: String,
        disabilityGrade: Int?, leftBehindChild: Bool?, childInDifficulty: Bool?, institutionalCare: Bool?
    ) {
        self.identityNumber = identityNumber
        self.name = name
        self.phone = phone
        self.householdId = householdId
        self.relationship = relationship
        self.disabilityGrade = disabilityGrade
        self.leftBehindChild = leftBehindChild
        self.childInDifficulty = childInDifficulty
        self.institutionalCare = institutionalCare
    }
}

/// The answer to a registration: the resident, and warnings that did not stop it.
public struct RegisteredResident: Sendable, Codable {
    public let resident: Resident
    /// e.g. a likely duplicate: same name, birth date and area as an existing resident.
    public let warnings: [String]
}
