import CivilDomain
import Contracts
import Foundation

/// Who is on each benefit's roll in a month, from the decision topics alone: an application is
/// on the roll when its last decision taking effect by that month approved, resumed or adjusted
/// it. Decisions count by their benefit month (`effectiveMonth`), as the payroll pays them, not
/// by the day they were taken.
struct BenefitRoll: Sendable {
    /// Each application's decisions in the order they take effect.
    let decisions: [String: [BenefitDecisionV2]]

    /// Reads v2 and, for decisions made before v2 existed, v1 (the same decision id once).
    init(v2: [BenefitDecisionV2], v1: [BenefitDecision]) {
        let known = Set(v2.map(\.decisionId))
        let all = v2 + v1.filter { !known.contains($0.decisionId) }.map(BenefitDecisionV2.init)
        decisions = Dictionary(grouping: all, by: \.applicationId).mapValues { decisions in
            decisions.sorted { ($0.effectiveMonth, $0.decidedAt) < ($1.effectiveMonth, $1.decidedAt) }
        }
    }

    static let standing: Set<BenefitDecisionV2.Outcome> = [.approved, .resumed, .adjusted]

    /// The decision each on-roll application stands on in `month`, with the members its last
    /// means test counted.
    func onRoll(_ program: BenefitProgram, in month: Month) -> [(decision: BenefitDecisionV2, members: Int)] {
        decisions.values.compactMap { decisions in
            guard decisions.first?.program == program else { return nil }
            let effective = decisions.filter { Month($0.effectiveMonth).map { $0 <= month } ?? false }
            guard let last = effective.last, Self.standing.contains(last.outcome) else { return nil }
            return (last, effective.last { $0.members != nil }?.members ?? 1)
        }
    }

    /// Decisions of `program` with `outcome` taking effect in the period.
    func decisions(_ program: BenefitProgram, _ outcome: BenefitDecisionV2.Outcome, in period: ReportPeriod) -> [BenefitDecisionV2] {
        decisions.values.flatMap { $0 }.filter {
            $0.program == program && $0.outcome == outcome && period.contains(month: $0.effectiveMonth)
        }
    }
}

/// The latest snapshot of each key: the current state the compacted topics keep (a snapshot
/// says how a thing is, not when it became so).
func latest<T>(_ events: [(time: Date, event: T)], by key: (T) -> String) -> [String: T] {
    var latest: [String: T] = [:]
    for (_, event) in events { latest[key(event)] = event }
    return latest
}
