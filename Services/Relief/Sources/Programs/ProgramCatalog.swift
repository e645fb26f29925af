import CivilDomain
import Contracts
import Foundation

/// The versioned program catalog, loaded from a JSON file (`programs.file`). Each payroll run
/// records the catalog version it was computed with, so a later change of rates never alters
/// what a past run paid.
public struct ProgramCatalog: Sendable, Codable {
    /// Set by the finance office whenever it changes the file, e.g. `2026-11-r2`.
    public let version: String
    public let programs: [ReliefProgram]

    /// - Throws: ``ProgramCatalogError`` naming the program and field that is wrong.
    public init(version: String, programs: [ReliefProgram]) throws(ProgramCatalogError) {
        guard !version.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ProgramCatalogError(reason: "the catalog needs a version")
        }
        var seen = Set<String>()
        for program in programs {
            guard seen.insert(program.id).inserted else {
                throw ProgramCatalogError(reason: "program '\(program.id)' appears twice")
            }
            try Self.validate(program)
        }
        let benefits = programs.compactMap(\.benefit)
        if Set(benefits).count != benefits.count {
            throw ProgramCatalogError(reason: "two programs pay the same registration program")
        }
        self.version = version
        self.programs = programs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            version: try container.decode(String.self, forKey: .version),
            programs: try container.decode([ReliefProgram].self, forKey: .programs))
    }

    public init(contentsOf url: URL) throws {
        try self.init(json: Data(contentsOf: url))
    }

    public init(json: Data) throws {
        self = try JSONDecoder().decode(ProgramCatalog.self, from: json)
    }

    public func program(_ id: String) -> ReliefProgram? {
        programs.first { $0.id == id }
    }

    /// The program that pays a registration program's decisions.
    public func program(paying benefit: BenefitProgram) -> ReliefProgram? {
        programs.first { $0.benefit == benefit }
    }

    private static func validate(_ program: ReliefProgram) throws(ProgramCatalogError) {
        func fail(_ reason: String) -> ProgramCatalogError {
            ProgramCatalogError(reason: "program '\(program.id)': \(reason)")
        }
        guard program.id.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil else {
            throw fail("the id must be lower-case words joined by '-'")
        }
        guard !program.rates.isEmpty else { throw fail("needs at least one rate") }
        for (year, budget) in program.budgets {
            guard year.count == 4, Int(year) != nil else { throw fail("budget year '\(year)' is not YYYY") }
            guard budget >= 0 else { throw fail("budget for \(year) is negative") }
        }
        switch program.kind {
        case .monthly, .oneOff, .claims:
            guard program.benefit != nil else { throw fail("a \(program.kind.rawValue) program needs 'benefit'") }
        case .campaign, .facility, .careSettlement, .centre:
            guard program.benefit == nil else { throw fail("a \(program.kind.rawValue) program pays no decisions") }
        }
        if [.facility, .centre].contains(program.kind) != (program.subsidy != nil) {
            throw fail([.facility, .centre].contains(program.kind) ? "a \(program.kind.rawValue) program needs 'subsidy'"
                                                                   : "only facility and centre programs have a 'subsidy'")
        }
        if program.kind == .facility, program.subsidy == .canteen { throw fail("a facility has no canteen subsidy") }
        var months = Set<String>()
        for rate in program.rates {
            guard Month.isMonth(rate.from) else { throw fail("rate 'from' '\(rate.from)' is not YYYY-MM") }
            guard months.insert(rate.from).inserted else { throw fail("two rates from \(rate.from)") }
            let amounts = [rate.monthlyAmountFen, rate.capFen, rate.secondApprovalAboveFen, rate.annualCapFen,
                           rate.amountFen, rate.perBedFen].compactMap { $0 }
            guard amounts.allSatisfy({ $0 > 0 }) else { throw fail("amounts from \(rate.from) must be more than 0 fen") }
            switch program.kind {
            case .monthly:
                if rate.monthlyAmountFen == nil, program.benefit != .dibao {
                    throw fail("monthlyAmountFen is required from \(rate.from) (only dibao takes the decision's amount)")
                }
            case .oneOff:
                guard rate.capFen != nil else { throw fail("capFen is required from \(rate.from)") }
            case .claims:
                guard let share = rate.shareBasisPoints, (1...10_000).contains(share) else {
                    throw fail("shareBasisPoints from \(rate.from) must be 1 to 10000")
                }
                guard rate.annualCapFen != nil else { throw fail("annualCapFen is required from \(rate.from)") }
            case .campaign:
                guard rate.amountFen != nil else { throw fail("amountFen is required from \(rate.from)") }
            case .facility:
                guard rate.perBedFen != nil else { throw fail("perBedFen is required from \(rate.from)") }
            case .careSettlement:
                break  // the providers' contracted hourly rates set the amounts
            case .centre:
                if program.subsidy == .canteen {
                    guard rate.amountFen != nil else { throw fail("amountFen is required from \(rate.from)") }
                } else {
                    guard let ratings = rate.perRatingFen, !ratings.isEmpty,
                          ratings.allSatisfy({ ["1", "2", "3", "4", "5"].contains($0.key) && $0.value > 0 })
                    else { throw fail("perRatingFen (\"1\" to \"5\" stars, more than 0 fen) is required from \(rate.from)") }
                }
            }
        }
    }
}

public struct ProgramCatalogError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "programs: \(reason)" }
}
