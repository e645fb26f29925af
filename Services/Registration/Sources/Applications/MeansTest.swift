import Contracts

/// The dibao means test: a household qualifies when its monthly income per member is below the
/// standard of its area kind; the monthly top-up brings every member up to the standard. All in
/// fen, in integers.
public struct MeansTest: Sendable, Equatable {
    /// Monthly dibao standard per person, in fen, by area kind (configured).
    public struct Standards: Sendable, Equatable {
        public let urbanFen: Int
        public let ruralFen: Int

        public init(urbanFen: Int, ruralFen: Int) {
            self.urbanFen = urbanFen
            self.ruralFen = ruralFen
        }

        public func standard(for kind: AreaKind) -> Int { kind == .urban ? urbanFen : ruralFen }
    }

    public let standardFen: Int
    /// Household income per member per month, rounded half up to the fen.
    public let incomePerMemberFen: Int
    public let members: Int
    public let qualifies: Bool
    /// (standard − income per member) × members, or 0.
    public let monthlyTopUpFen: Int

    public init(householdMonthlyIncomeFen income: Int, members: Int, standardFen: Int) {
        precondition(members > 0 && income >= 0 && standardFen > 0)
        self.standardFen = standardFen
        self.members = members
        incomePerMemberFen = (2 * income + members) / (2 * members)
        qualifies = incomePerMemberFen < standardFen
        monthlyTopUpFen = qualifies ? (standardFen - incomePerMemberFen) * members : 0
    }
}
