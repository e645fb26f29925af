import Foundation

/// A shelter's current capacity and occupancy. Compacted by shelter.
public struct ShelterStatus: CivilEvent {
    public static let eventType = "civil.alerts.shelter.snapshot.v1"
    public static var topic: TopicSpec { TopicCatalog.shelter }

    public var shelterId: String
    public var name: String
    public var areaCode: String
    public var capacity: Int
    public var occupancy: Int
    public var open: Bool
    public var updatedAt: Date

    public init(shelterId: String, name: String, areaCode: String, capacity: Int, occupancy: Int, open: Bool, updatedAt: Date) {
        self.shelterId = shelterId
        self.name = name
        self.areaCode = areaCode
        self.capacity = capacity
        self.occupancy = occupancy
        self.open = open
        self.updatedAt = updatedAt
    }

    public var partitionKey: String { shelterId }

    public static let example = ShelterStatus(
        shelterId: "SH-330106-01", name: "文新街道避灾安置点（文新小学）", areaCode: "330106001", capacity: 300,
        occupancy: 112, open: true, updatedAt: Date(timeIntervalSince1970: 1_795_003_600))

    public static let minimalExample = example
}
