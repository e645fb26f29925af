import Contracts
import Foundation

/// The registrar's configurable policy: name rules, statutory time limits in working days, the
/// documents each kind of filing needs, how long a name reservation lasts, and the calendar.
public struct RegistrarPolicy: Sendable, Codable, Equatable {
    public var names: NameRules
    public var calendar: WorkingCalendar
    /// Working days to decide, per filing kind (`name-reservation`: 5, `establishment`: 20 …).
    public var timeLimits: [String: Int]
    /// Document titles that must be received, per filing kind.
    public var requiredDocuments: [String: [String]]
    /// Calendar days a reserved name is held for the establishment filing.
    public var reservationDays: Int

    public init(
        names: NameRules, calendar: WorkingCalendar, timeLimits: [String: Int], requiredDocuments: [String: [String]],
        reservationDays: Int
    ) {
        self.names = names
        self.calendar = calendar
        self.timeLimits = timeLimits
        self.requiredDocuments = requiredDocuments
        self.reservationDays = reservationDays
    }

    /// Titles required for `kind` that are not among `documents`.
    public func missingDocuments(for kind: Filing.Kind, in documents: [FilingDocument]) -> [String] {
        let received = Set(documents.map { $0.title.trimmingCharacters(in: .whitespaces) })
        return (requiredDocuments[kind.rawValue] ?? []).filter { !received.contains($0) }
    }
}
