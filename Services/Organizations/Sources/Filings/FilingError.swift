/// Why the registrar's desk refused a filing or a change to the register, in the bureau's words.
public enum FilingError: Error, Sendable, Equatable {
    /// The filing kind needs these documents, which were not handed in.
    case documentsMissing(kind: Filing.Kind, missing: [String])
    /// The name breaks a naming rule, or another organization holds it.
    case nameRefused(NameRefusal)
    /// An establishment needs a live reservation of the same name and kind; the text says what is wrong.
    case noLiveReservation(String)
    /// The name reservation lapsed before the establishment was approved.
    case reservationExpired
    /// The filing or organization is in a state that does not allow this; `status` when known.
    case wrongState(String, status: String?)
    /// That year's annual report is already approved.
    case reportExists(year: Int)
    /// No unified social credit code is left to allot in the region.
    case creditCodeExhausted(region: String, reason: String)
}
