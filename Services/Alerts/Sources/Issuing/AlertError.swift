/// Why the duty officers' desk refused a request, in the bureau's words.
public enum AlertError: Error, Sendable, Equatable {
    /// Another message already uses this CAP identifier.
    case duplicateIdentifier(String)
    /// The alert is not waiting for a second officer; it is in `state`.
    case notAwaitingApproval(String, state: StoredAlert.State)
    /// The alert has not been issued, so nobody can acknowledge it yet.
    case notIssued(String)
}
