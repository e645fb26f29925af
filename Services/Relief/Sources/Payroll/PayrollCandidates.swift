import CivilDomain
import Contracts
import Foundation
import SQLKit

/// Who a program owes what for a month, before the ledger is consulted: the payable
/// entitlements of a monthly program, the approved one-off decisions up to the month, the
/// medical claims entered up to the month, a campaign's listed group, or the care facilities.
struct PayrollCandidates {
    struct Line {
        var key: String
        let beneficiaryId: String
        let householdId: String
        let amountFen: Int
        let sourceId: String
        var heldBecause: String?
        /// Set on a line that reports a payment ending this month (an exit or a suspension
        /// effective from it): never paid, listed so that the draft says what stopped and why.
        var stoppedBecause: String? = nil
        /// A care settlement's line: the visits it pays.
        var visitIds: [String] = []
    }

    static func lines(
        program: ReliefProgram, rate: ReliefProgram.Rate, period: String,
        entitlements: EntitlementLedger, in database: any SQLDatabase
    ) async throws -> [Line] {
        var lines: [Line] = []
        switch program.kind {
        case .monthly:
            guard let benefit = program.benefit else { break }
            for entitlement in try await entitlements.entitlements(in: period, program: benefit, in: database) {
                let amount = rate.monthlyAmountFen ?? entitlement.monthlyAmountFen ?? 0
                guard entitlement.payable else {
                    if entitlement.since == period, [.exited, .suspended].contains(entitlement.outcome) {
                        lines.append(Line(
                            key: PaymentKey.monthly(beneficiary: entitlement.beneficiaryId, household: entitlement.householdId,
                                                    program: benefit, period: period) + "#stopped-" + entitlement.applicationId,
                            beneficiaryId: entitlement.beneficiaryId, householdId: entitlement.householdId, amountFen: amount,
                            sourceId: entitlement.applicationId,
                            stoppedBecause: "\(entitlement.outcome.rawValue) from \(period)"
                                + (entitlement.reason.map { ": \($0)" } ?? "")))
                    }
                    continue
                }
                lines.append(Line(
                    key: PaymentKey.monthly(beneficiary: entitlement.beneficiaryId, household: entitlement.householdId,
                                            program: benefit, period: period),
                    beneficiaryId: entitlement.beneficiaryId, householdId: entitlement.householdId, amountFen: amount,
                    sourceId: entitlement.applicationId,
                    heldBecause: amount > 0 ? nil : "the decision names no monthly amount"))
            }
        case .oneOff:
            guard let benefit = program.benefit else { break }
            let cap = rate.capFen ?? 0
            for entitlement in try await entitlements.entitlements(in: period, program: benefit, in: database)
            where entitlement.payable && entitlement.oneOffAmountFen != nil {
                let amount = entitlement.oneOffAmountFen ?? 0
                lines.append(Line(
                    key: PaymentKey.oneOff(beneficiary: entitlement.beneficiaryId, program: benefit, grant: entitlement.applicationId),
                    beneficiaryId: entitlement.beneficiaryId, householdId: entitlement.householdId, amountFen: amount,
                    sourceId: entitlement.applicationId,
                    heldBecause: amount > cap ? "\(amount) fen is above the program's cap of \(cap) fen"
                        : amount <= 0 ? "the decision names no amount" : nil))
            }
        case .claims:
            guard let benefit = program.benefit else { break }
            for claim in try await MedicalClaims.claims(upTo: period, in: database) where claim.assistanceFen > 0 {
                lines.append(Line(
                    key: PaymentKey.oneOff(beneficiary: claim.beneficiaryId, program: benefit, grant: claim.claimId),
                    beneficiaryId: claim.beneficiaryId, householdId: claim.householdId, amountFen: claim.assistanceFen,
                    sourceId: claim.claimId))
            }
        case .campaign:
            let amount = rate.amountFen ?? 0
            for recipient in try await CampaignRecipients.recipients(program: program.id, in: database) {
                lines.append(Line(
                    key: PaymentKey.grant(payee: recipient.beneficiaryId, program: program.id),
                    beneficiaryId: recipient.beneficiaryId, householdId: recipient.householdId, amountFen: amount,
                    sourceId: program.id))
            }
        case .careSettlement:
            lines = try await CareSettlements.lines(program: program, period: period, in: database)
        case .centre:
            lines = try await CareCentres.lines(program: program, rate: rate, period: period, in: database)
        case .facility:
            let year = program.subsidy == .operation ? (Month(period)?.yearText ?? "") : nil
            for facility in try await CareFacilities.facilities(in: database) {
                lines.append(Line(
                    key: PaymentKey.grant(payee: facility.facilityId, program: program.id, year: year),
                    beneficiaryId: facility.facilityId, householdId: "",
                    amountFen: try Fen.product(Fen(rate.perBedFen ?? 0), facility.beds).value, sourceId: facility.facilityId))
            }
        }
        // Two applications paying one person (or, for a household-level program, one household)
        // the same month share a key: the first is paid, the others are held under a key of their own.
        var seen = Set<String>()
        for index in lines.indices where lines[index].stoppedBecause == nil && !seen.insert(lines[index].key).inserted {
            lines[index].heldBecause = program.benefit?.isHouseholdLevel == true
                ? "another application already pays this household under this program"
                : "another application already pays this beneficiary under this program"
            lines[index].key += "#" + lines[index].sourceId
        }
        return lines
    }
}
