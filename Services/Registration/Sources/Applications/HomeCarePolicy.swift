import CivilDomain
import Contracts
import Foundation

/// Who gets purchased home care, and how much: the civil-affairs bureau's policy file
/// (`homeCare.policyFile`), versioned. Categories are tried in order and the first whose flags
/// the resident has all of sets the monthly hours and service types; the 85–89 service credit
/// (fen per month, spent with providers, never paid in cash) comes on top, or alone.
public struct HomeCarePolicy: Codable, Sendable, Equatable {
    public struct Category: Codable, Sendable, Equatable {
        /// `A`, `B`: what plans and reports name the category by.
        public var code: String
        public var name: String
        public var requires: [Vulnerability]
        public var monthlyHours: Int
        public var serviceTypes: [String]
    }

    public struct ServiceCredit: Codable, Sendable, Equatable {
        public var requires: [Vulnerability]
        public var excludes: [Vulnerability]
        public var monthlyFen: Int
        public var serviceTypes: [String]
    }

    public var version: String
    public var serviceTypes: [String]
    public var categories: [Category]
    public var serviceCredit: ServiceCredit

    public init(contentsOf url: URL) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(contentsOf: url))
        try validate()
    }

    /// The plan a resident with `flags` is entitled to, or nil when neither a category nor the
    /// credit applies.
    public func plan(for flags: Set<Vulnerability>) -> BenefitDecisionV2.CarePlan? {
        let category = categories.first { Set($0.requires).isSubset(of: flags) }
        let credit = Set(serviceCredit.requires).isSubset(of: flags) && Set(serviceCredit.excludes).isDisjoint(with: flags)
        guard category != nil || credit else { return nil }
        let types = Set(category?.serviceTypes ?? []).union(credit ? serviceCredit.serviceTypes : [])
        return BenefitDecisionV2.CarePlan(
            category: category?.code ?? "credit", monthlyHours: category?.monthlyHours ?? 0,
            serviceCreditFen: credit ? serviceCredit.monthlyFen : 0, serviceTypes: serviceTypes.filter(types.contains), policyVersion: version)
    }

    private func validate() throws {
        guard !version.isEmpty, !serviceTypes.isEmpty, Set(serviceTypes).count == serviceTypes.count else {
            throw InvalidInput("the home-care policy needs a version and distinct service types")
        }
        let codes = categories.map(\.code)
        guard Set(codes).count == codes.count, !codes.contains("credit") else {
            throw InvalidInput("home-care category codes are distinct (and not 'credit')")
        }
        for category in categories {
            guard (1...744).contains(category.monthlyHours), !category.requires.isEmpty,
                  Set(category.serviceTypes).isSubset(of: serviceTypes), !category.serviceTypes.isEmpty
            else { throw InvalidInput("home-care category \(category.code): 1 to 744 hours, some flags, service types from the list") }
        }
        guard (0...Fen.largestAccepted.value).contains(serviceCredit.monthlyFen), Set(serviceCredit.serviceTypes).isSubset(of: serviceTypes) else {
            throw InvalidInput("the service credit is 0 or more fen, with service types from the list")
        }
    }
}
