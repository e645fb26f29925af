import Foundation

/// How to reach a resident in a disaster. Restricted: only the alert service reads this topic.
/// Compacted by person; a tombstone removes the contact.
public struct PersonContact: CivilEvent {
    public static let eventType = "civil.registration.contact.snapshot.v1"
    public static var topic: TopicSpec { TopicCatalog.contact }

    public var personId: String
    public var name: String
    /// Mainland mobile number, 11 digits.
    public var phone: String?
    public var areaCode: String
    public var householdId: String
    public var updatedAt: Date

    public init(personId: String, name: String, phone: String? = nil, areaCode: String, householdId: String, updatedAt: Date) {
        self.personId = personId
        self.name = name
        self.phone = phone
        self.areaCode = areaCode
        self.householdId = householdId
        self.updatedAt = updatedAt
    }

    public var partitionKey: String { personId }

    public static let example = PersonContact(
        personId: "p_5f2b0c1e9d8a7b6c5d4e3f2a1b0c9d8e", name: "王秀英", phone: "13800000000",
        areaCode: "330102001001", householdId: "H-330102-000123", updatedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = PersonContact(
        personId: "p_0a1b2c3d4e5f60718293a4b5c6d7e8f9", name: "李强", areaCode: "330102001002",
        householdId: "H-330102-000124", updatedAt: Date(timeIntervalSince1970: 1_790_000_000))
}
