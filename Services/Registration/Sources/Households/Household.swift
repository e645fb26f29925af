import Foundation
import ServiceKit

/// A household and its members.
public struct Household: Sendable, Codable, Equatable {
    public let householdId: String
    public let areaCode: String
    public let registeredBy: String
    public let registeredAt: Date
    public let members: [Resident]
}

/// What a caseworker submits to open a household.
public struct HouseholdRegistration: StrictRequestBody, Sendable {
    public let areaCode: String
    public static let fields: Set<String> = ["areaCode"]
}
