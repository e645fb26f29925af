import Foundation

/// A place residents are moved to: where it is, how many it holds, how many are in it now.
public struct Shelter: Codable, Sendable, Equatable {
    /// A shelter's id as the bureau writes it on its signs: `SH-330106-LJ`.
    public static let idPattern = "^[A-Za-z0-9][A-Za-z0-9-]{0,63}$"

    public var shelterId: String
    public var name: String
    /// The community it is in.
    public var areaCode: String
    public var capacity: Int
    public var occupancy: Int
    public var open: Bool
    public var location: GeoPoint
    public var managerStaffId: String?
    public var updatedAt: Date
    public var updatedBy: String

    /// Places a shelter may have: the district's largest (a stadium) holds a few tens of thousands.
    public static let capacities = 1...100_000
}
