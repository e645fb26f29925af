import Contracts
import Foundation

/// The bureau's half-year work report, every figure computed from the topics. Amounts are fen;
/// a figure the topics cannot give is nil, and the report says so rather than leaving it out.
public struct HalfYearReport: Codable, Sendable, Equatable {
    public var period: ReportPeriod
    public var socialAssistance: SocialAssistance
    public var elderlyCare: ElderlyCare
    public var organizations: Organizations
    public var disasterPrevention: DisasterPrevention
    /// Catalog names of the grant and subsidy programs the report lists, from the payroll runs.
    public var programNames: [String: String]
    /// Records the store holds per topic, to show what the figures rest on.
    public var recordsPerTopic: [String: Int]

    public struct SocialAssistance: Codable, Sendable, Equatable {
        public var dibao: Dibao
        public var temporaryRelief: OneOff
        public var emergencyRelief: OneOff
        public var medicalAssistance: OneOff
        public var childLivingAllowance: ChildAllowance
        public var campaignGrants: [CampaignGrant]
    }

    public struct Dibao: Codable, Sendable, Equatable {
        /// On the roll in the period's last month.
        public var households: Int
        public var persons: Int
        /// Approvals and exits taking effect in the period.
        public var newHouseholds: Int
        public var exitedHouseholds: Int
        /// Exits by reason code (`DecisionReason`).
        public var exitsByReason: [String: Int]
        public var byAreaKind: [AreaKindFigures]
        /// Persons with a disability of grade 1 or 2 in households on the roll.
        public var severelyDisabledPersons: Int
    }

    public struct AreaKindFigures: Codable, Sendable, Equatable {
        public var areaKind: String
        public var households: Int
        public var persons: Int
        /// The month's top-ups of the kind's households, in total and per person.
        public var monthlyTopUpFen: Int
        public var averageTopUpPerPersonFen: Int
        /// The standard per person the latest means test used, and the average's share of it.
        public var standardFen: Int?
        public var percentOfStandard: Int?
    }

    /// A program paid once per case: payments instructed for the period's months (a reissue of a
    /// failed payment is the same case and counted once).
    public struct OneOff: Codable, Sendable, Equatable {
        public var personTimes: Int
        public var households: Int
        public var amountFen: Int
    }

    public struct ChildAllowance: Codable, Sendable, Equatable {
        /// Children paid for the period's last month, and what each was paid that month.
        public var children: Int
        public var monthlyFenPerChild: Int?
        public var paidInPeriodFen: Int
    }

    public struct CampaignGrant: Codable, Sendable, Equatable {
        public var programId: String
        public var recipients: Int
        /// Per recipient when all were paid the same, else nil.
        public var amountFen: Int?
        public var totalFen: Int
    }

    public struct ElderlyCare: Codable, Sendable, Equatable {
        /// Elders with a home-care plan on the roll in the period's last month.
        public var homeCarePlans: Int
        /// Minutes of accepted visits by service type, in the period's months.
        public var minutesByServiceType: [String: Int]
        /// Residents aged 85 to 89 and how many of them the elderly allowance or a home-care plan covers.
        public var aged85To89: Int
        public var aged85To89Covered: Int
        public var visitsDisputed: Int
        public var visitsAccepted: Int
        /// Subsidies and settlements paid to facilities and providers, by program.
        public var subsidiesFen: [String: Int]
        /// Community home-care centres by star rating ("1" to "5"), as they stand now.
        public var centresByStarRating: [String: Int]
    }

    public struct Organizations: Codable, Sendable, Equatable {
        /// Filings approved in the period: filing kind → organization kind → count.
        public var approved: [String: [String: Int]]
        public var submitted: Int
    }

    public struct DisasterPrevention: Codable, Sendable, Equatable {
        public var alerts: [AlertCount]
        public var updates: Int
        public var cancellations: Int
        /// Recipients the period's Actual alerts targeted and notified (updates and cancels included).
        public var targeted: Int
        public var notified: Int
        /// Residents who answered an alert of the period, by their last answer.
        public var acknowledged: Int
        public var responses: [String: Int]
        /// Median minutes from an alert being sent to a resident's first answer.
        public var medianMinutesToAcknowledge: Int?
        public var needsHelp: Int
        /// SMS handed to the gateway and confirmed on handsets (the delivery topic).
        public var smsSent: Int
        public var smsDelivered: Int
        public var sheltersOpened: Int
        public var peopleSheltered: Int
        /// Relief materials received, issued and supplied to shelters in the period, by item.
        public var stock: [StockLine]
    }

    public struct StockLine: Codable, Sendable, Equatable {
        public var item: String
        public var name: String?
        public var unit: String?
        public var received: Int
        public var issued: Int
        public var suppliedToShelters: Int
    }

    public struct AlertCount: Codable, Sendable, Equatable {
        public var event: String
        public var severity: String
        public var count: Int
    }
}
