import CivilDomain
import Contracts

/// The dibao means test: a household qualifies when its monthly income per member is below the
/// standard of its area kind; the monthly top-up brings every member up to the standard. All in
/// fen, in integers.
public struct MeansTest: Sendable, Equatable {
    /// Monthly dibao standard per person, in fen, by area kind: the configured base, and the
    /// changes the government announces, each from a month (it rises every year).
    public struct Standards: Sendable, Equatable {
        /// A new standard from a month on.
        public struct Change: Sendable, Equatable, Codable {
            public let from: Month
            public let urbanFen: Int
            public let ruralFen: Int

            public init(from: Month, urbanFen: Int, ruralFen: Int) {
                self.from = from
                self.urbanFen = urbanFen
                self.ruralFen = ruralFen
            }
        }

        public let urbanFen: Int
        public let ruralFen: Int
        /// Ordered by month.
        public let changes: [Change]

        public init(urbanFen: Int, ruralFen: Int, changes: [Change] = []) {
            self.urbanFen = urbanFen
            self.ruralFen = ruralFen
            self.changes = changes.sorted { $0.from < $1.from }
        }

        /// The base standard, before any change.
        public func standard(for kind: AreaKind) -> Int { kind == .urban ? urbanFen : ruralFen }

        /// The standard in force in `month`.
        public func standard(for kind: AreaKind, in month: Month) -> Int {
            guard let change = changes.last(where: { $0.from <= month }) else { return standard(for: kind) }
            return kind == .urban ? change.urbanFen : change.ruralFen
        }
    }

    public let standardFen: Int
    /// Household income per member per month, rounded half up to the fen.
    public let incomePerMemberFen: Int
    public let members: Int
    public let qualifies: Bool
    /// (standard − income per member) × members, or 0.
    public let monthlyTopUpFen: Int

    /// - Throws: ``Fen/Overflow`` when the top-up would not fit in 64-bit fen (an absurd standard
    ///   or household); the figures come from outside, so the test refuses rather than traps.
    public init(householdMonthlyIncomeFen income: Int, members: Int, standardFen: Int) throws(Fen.Overflow) {
        let members = max(1, members)
        let income = max(0, income)
        self.standardFen = standardFen
        self.members = members
        // income / members, rounded half up, without forming 2 × income (which can overflow).
        let (quotient, remainder) = income.quotientAndRemainder(dividingBy: members)
        incomePerMemberFen = quotient + (remainder >= members - remainder ? 1 : 0)
        qualifies = incomePerMemberFen < standardFen
        monthlyTopUpFen = qualifies ? try Fen.product(try Fen(standardFen) - Fen(incomePerMemberFen), members).value : 0
    }
}
