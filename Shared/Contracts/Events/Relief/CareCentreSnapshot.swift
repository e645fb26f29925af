import Foundation

/// A community home-care centre as relief keeps it: its star rating (1–5), whether it runs a
/// canteen, and when it opened. Centres are registered organizations, so nothing here is
/// personal; the report counts centres by rating from it.
public struct CareCentreSnapshot: CivilEvent {
    public static let eventType = "civil.relief.centre.snapshot.v1"
    public static var topic: TopicSpec { TopicCatalog.careCentre }

    /// The centre's organization id in the register.
    public var centreId: String
    public var name: String
    /// The village or community it serves.
    public var areaCode: String
    public var starRating: Int
    public var canteen: Bool
    /// `YYYY-MM-DD`.
    public var openedOn: String
    public var updatedAt: Date

    public init(centreId: String, name: String, areaCode: String, starRating: Int, canteen: Bool, openedOn: String, updatedAt: Date) {
        self.centreId = centreId
        self.name = name
        self.areaCode = areaCode
        self.starRating = starRating
        self.canteen = canteen
        self.openedOn = openedOn
        self.updatedAt = updatedAt
    }

    public var partitionKey: String { centreId }

    public static let example = CareCentreSnapshot(
        centreId: "ORG-330106-0007", name: "西湖区颐乐居家养老服务中心", areaCode: "330106001001", starRating: 4, canteen: true,
        openedOn: "2024-05-01", updatedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = example
}
