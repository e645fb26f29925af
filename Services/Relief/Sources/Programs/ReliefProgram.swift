import Contracts
import Foundation

/// One assistance program as the bureau's finance office configures it: how its amounts are
/// set, from which month each rate applies, and its budget per year. All money is in fen.
public struct ReliefProgram: Sendable, Codable, Equatable {
    /// How a program's payments arise.
    public enum Kind: String, Sendable, Codable {
        /// Paid every month to each payable entitlement (dibao, child allowance, elderly subsidy).
        case monthly
        /// Paid once per approved decision, up to a cap (temporary and emergency relief).
        case oneOff = "one-off"
        /// Paid per medical claim: a share of the out-of-pocket cost, up to a yearly cap per person.
        case claims
        /// A fixed grant to a listed group, once (e.g. a Spring Festival grant).
        case campaign
        /// Subsidies to elderly-care facilities, per bed (construction, yearly operation).
        case facility
        /// Home-care providers' months: the visits they recorded, one payment per provider and month.
        case careSettlement = "care-settlement"
        /// Subsidies to community home-care centres, by star rating (construction, canteen, yearly operation).
        case centre
    }

    /// What a facility subsidy pays for, and so how often a facility receives it.
    public enum Subsidy: String, Sendable, Codable {
        /// Building beds: once per facility, for the beds it has when the run is drafted.
        case construction
        /// Running beds (a centre: running it): once per facility and calendar year.
        case operation
        /// A centre's canteen upgrade: once per centre with a canteen.
        case canteen
    }

    /// The amounts in force from a month on. A later rate replaces an earlier one from its month.
    public struct Rate: Sendable, Codable, Equatable {
        /// `YYYY-MM`.
        public var from: String
        /// Monthly programs: the fixed monthly amount; absent means the decision's amount (dibao).
        public var monthlyAmountFen: Int?
        /// One-off programs: the largest single payment.
        public var capFen: Int?
        /// One-off programs: a run with any payment above this needs a second approver.
        public var secondApprovalAboveFen: Int?
        /// Claims: the share of the out-of-pocket cost paid, in basis points (7000 = 70 %).
        public var shareBasisPoints: Int?
        /// Claims: the most one person receives in a calendar year.
        public var annualCapFen: Int?
        /// Campaigns: the grant per listed person.
        public var amountFen: Int?
        /// Facilities: the subsidy per bed.
        public var perBedFen: Int?
        /// Centres: the subsidy by star rating (`"1"` to `"5"`).
        public var perRatingFen: [String: Int]?

        public init(
            from: String, monthlyAmountFen: Int? = nil, capFen: Int? = nil, secondApprovalAboveFen: Int? = nil,
            shareBasisPoints: Int? = nil, annualCapFen: Int? = nil, amountFen: Int? = nil, perBedFen: Int? = nil,
            perRatingFen: [String: Int]? = nil
        ) {
            self.from = from
            self.monthlyAmountFen = monthlyAmountFen
            self.capFen = capFen
            self.secondApprovalAboveFen = secondApprovalAboveFen
            self.shareBasisPoints = shareBasisPoints
            self.annualCapFen = annualCapFen
            self.amountFen = amountFen
            self.perBedFen = perBedFen
            self.perRatingFen = perRatingFen
        }
    }

    /// Stable id, e.g. `dibao` or `spring-festival-grant-2027`.
    public var id: String
    public var name: String
    public var kind: Kind
    /// The registration program whose decisions this pays; absent for campaigns and facilities.
    public var benefit: BenefitProgram?
    /// Facility programs: what the subsidy pays for.
    public var subsidy: Subsidy?
    /// Budget per calendar year (`"2027": fen`); a run that would exceed it is refused.
    public var budgets: [String: Int]
    public var rates: [Rate]

    /// The program as the payment ledger names it: the registration program for those that pay
    /// decisions (as the payment topic does), the catalog id for campaigns and facilities.
    public var ledgerProgram: String { benefit?.rawValue ?? id }

    /// Who a payment of this program goes to, when it is a grant rather than a benefit.
    public var grantPayee: GrantPaymentInstruction.Payee? {
        switch kind {
        case .monthly, .oneOff, .claims: nil
        case .campaign: .person
        case .facility, .careSettlement, .centre: .facility
        }
    }

    /// The rate in force in `month` (`YYYY-MM`), if the program has started by then.
    public func rate(in month: String) -> Rate? {
        rates.filter { $0.from <= month }.max { $0.from < $1.from }
    }

    /// The budget of the calendar year of `month`; nil when none is set (then nothing is payable).
    public func budget(forYearOf month: String) -> Int? {
        budgets[String(month.prefix(4))]
    }
}
