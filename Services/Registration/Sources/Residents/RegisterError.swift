/// Why the register refused a change, in the bureau's words.
public enum RegisterError: Error, Sendable, Equatable {
    /// The identity number is already registered, as this resident.
    case residentExists(String)
}
