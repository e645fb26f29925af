/// Why a bank or the treasury did not pay, as a code analysts may read: the payment-result topic
/// is kept forever, so the bank's own words (which can name people or accounts) do not belong on it.
public enum PaymentFailure: String, Codable, Sendable, CaseIterable {
    case accountClosed = "account-closed"
    case accountNotFound = "account-not-found"
    case nameMismatch = "name-mismatch"
    case accountFrozen = "account-frozen"
    case rejectedByBank = "rejected-by-bank"
    case other
}
