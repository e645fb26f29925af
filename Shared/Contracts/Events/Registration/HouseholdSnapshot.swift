import Foundation

/// The current state of a registered household, without personal data. Compacted by household:
/// the newest snapshot is the household; a tombstone means it was deregistered.
public struct HouseholdSnapshot: CivilEvent {
    public static let eventType = "civil.registration.household.snapshot.v1"
    public static var topic: TopicSpec { TopicCatalog.household }

    public var householdId: String
    /// The community or village code from the area hierarchy.
    public var areaCode: String
    public var areaKind: AreaKind
    public var memberCount: Int
    /// The head of household, as a person pseudonym.
    public var headPersonId: String?
    /// Declared household income per month, in fen, when a means test used it.
    public var monthlyIncomeFen: Int?
    public var registeredAt: Date
    public var updatedAt: Date

    public init(
        householdId: String, areaCode: String, areaKind: AreaKind, memberCount: Int, headPersonId: String? = nil,
        monthlyIncomeFen: Int? = nil, registeredAt: Date, updatedAt: Date
    ) {
        self.householdId = householdId
        self.areaCode = areaCode
        self.areaKind = areaKind
        self.memberCount = memberCount
        self.headPersonId = headPersonId
        self.monthlyIncomeFen = monthlyIncomeFen
        self.registeredAt = registeredAt
        self.updatedAt = updatedAt
    }

    public var partitionKey: String { householdId }

    public static let example = HouseholdSnapshot(
        householdId: "H-330102-000123", areaCode: "330102001001", areaKind: .urban, memberCount: 3,
        headPersonId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e", monthlyIncomeFen: 180_000,
        registeredAt: Date(timeIntervalSince1970: 1_790_000_000), updatedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = HouseholdSnapshot(
        householdId: "H-330102-000124", areaCode: "330102001002", areaKind: .rural, memberCount: 1,
        registeredAt: Date(timeIntervalSince1970: 1_790_000_000), updatedAt: Date(timeIntervalSince1970: 1_790_000_000))
}
