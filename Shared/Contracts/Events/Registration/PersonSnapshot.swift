import Foundation

/// The current state of a registered resident, analytics-safe: the person appears by pseudonym
/// and birth year only. Compacted by person; a tombstone means the person left the register.
public struct PersonSnapshot: CivilEvent {
    public static let eventType = "civil.registration.person.snapshot.v1"
    public static var topic: TopicSpec { TopicCatalog.person }

    public enum Sex: String, Codable, Sendable, CaseIterable {
        case female
        case male
    }

    /// The keyed pseudonym of the identity number (see ``PersonPseudonymizer``).
    public var personId: String
    public var householdId: String
    public var areaCode: String
    public var sex: Sex
    public var birthYear: Int
    public var vulnerabilities: [Vulnerability]
    /// Disability grade 1 (most severe) to 4, when registered.
    public var disabilityGrade: Int?
    public var updatedAt: Date

    public init(
        personId: String, householdId: String, areaCode: String, sex: Sex, birthYear: Int,
        vulnerabilities: [Vulnerability], disabilityGrade: Int? = nil, updatedAt: Date
    ) {
        self.personId = personId
        self.householdId = householdId
        self.areaCode = areaCode
        self.sex = sex
        self.birthYear = birthYear
        self.vulnerabilities = vulnerabilities
        self.disabilityGrade = disabilityGrade
        self.updatedAt = updatedAt
    }

    public var partitionKey: String { personId }

    public static let example = PersonSnapshot(
        personId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e", householdId: "H-330102-000123", areaCode: "330102001001",
        sex: .female, birthYear: 1938, vulnerabilities: [.aged80Plus, .livingAlone, .disability], disabilityGrade: 2,
        updatedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = PersonSnapshot(
        personId: "p_0a1b2c3d4e5f60718293a4b5c6d7e8f9", householdId: "H-330102-000124", areaCode: "330102001002",
        sex: .male, birthYear: 1990, vulnerabilities: [], updatedAt: Date(timeIntervalSince1970: 1_790_000_000))
}
