/// Why a shelter request was refused, in the bureau's words.
public enum ShelterError: Error, Sendable, Equatable {
    /// The nearest open shelter with room in the same street, offered instead.
    public struct Alternative: Sendable, Equatable {
        public let shelter: Shelter
        public let distanceMetres: Int
    }

    case shelterExists(String)
    /// The person is already checked in, at this shelter.
    case alreadyCheckedIn(at: String)
    /// The person is not checked in at this shelter.
    case notCheckedIn(at: String)
    /// The shelter is full or closed; `alternative` is where to send the person, if anywhere.
    case noPlace(Shelter, alternative: Alternative?)
}
