import Contracts
import Foundation

/// Events for the backbone tests: the shelter snapshot is a small catalog event type.
enum ShelterStatusFixture {
    static let event = ShelterStatus.example

    /// The `sequence`th update of shelter `shelter`: occupancy carries the sequence, so order
    /// per key can be checked on the topic.
    static func update(shelter: Int, sequence: Int) -> ShelterStatus {
        ShelterStatus(
            shelterId: "SH-\(shelter)", name: "shelter \(shelter)", areaCode: "330106001", capacity: 1_000_000,
            occupancy: sequence, open: true, updatedAt: Date(timeIntervalSince1970: 1_795_000_000))
    }
}
