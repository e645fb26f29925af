import CivilDomain
import Contracts
import Foundation

extension HalfYearReport {
    /// Computes the report for `period` from what the store holds.
    public static func compute(for period: ReportPeriod, from store: ReportStore) async throws -> HalfYearReport {
        let roll = BenefitRoll(
            v2: try await store.decoded(BenefitDecisionV2.self).map(\.event),
            v1: try await store.decoded(BenefitDecision.self).map(\.event))
        let persons = latest(try await store.decoded(PersonSnapshot.self), by: \.personId)
        let households = latest(try await store.decoded(HouseholdSnapshot.self), by: \.householdId)
        let payments = try await store.decoded(PaymentInstruction.self).map(\.event).filter { payment in
            payment.reissueOf == nil && period.contains(month: payment.period ?? CivilDate(payment.instructedAt).month.description)
        }
        let grants = try await store.decoded(GrantPaymentInstruction.self).map(\.event).filter {
            $0.reissueOf == nil && period.contains(month: $0.period)
        }
        let runs = try await store.decoded(PayrollRunStatusV2.self).map(\.event)
        // Settlements are paid by grant instructions of their program too.
        let listed = Set(grants.map(\.programId))
        var names: [String: String] = [:]
        for run in runs where listed.contains(run.programId) { names[run.programId] = run.programName ?? names[run.programId] }
        return HalfYearReport(
            period: period,
            socialAssistance: SocialAssistance(
                dibao: dibao(roll, period: period, persons: persons, households: households),
                temporaryRelief: oneOff(payments, .temporaryRelief),
                emergencyRelief: oneOff(payments, .emergencyRelief),
                medicalAssistance: oneOff(payments, .medicalAssistance),
                childLivingAllowance: childAllowance(payments, period: period),
                campaignGrants: campaigns(grants.filter { $0.payee == .person })),
            elderlyCare: try await elderlyCare(roll, period: period, persons: persons, grants: grants, store: store),
            organizations: try await organizations(period: period, store: store),
            disasterPrevention: try await disaster(period: period, store: store),
            programNames: names,
            recordsPerTopic: try await store.counts())
    }

    static func dibao(
        _ roll: BenefitRoll, period: ReportPeriod, persons: [String: PersonSnapshot], households: [String: HouseholdSnapshot]
    ) -> Dibao {
        let onRoll = roll.onRoll(.dibao, in: period.until)
        let exits = roll.decisions(.dibao, .exited, in: period)
        let byKind = Dictionary(grouping: onRoll) { households[$0.decision.householdId]?.areaKind.rawValue ?? "unknown" }
        let kinds = byKind.keys.sorted().map { kind in
            let entries = byKind[kind] ?? []
            let people = entries.reduce(0) { $0 + $1.members }
            let topUp = entries.reduce(0) { $0 + ($1.decision.monthlyAmountFen ?? 0) }
            let standard = entries.max { $0.decision.decidedAt < $1.decision.decidedAt }?.decision.standardFen
            let average = people > 0 ? topUp / people : 0
            return AreaKindFigures(
                areaKind: kind, households: entries.count, persons: people, monthlyTopUpFen: topUp, averageTopUpPerPersonFen: average,
                standardFen: standard, percentOfStandard: standard.flatMap { $0 > 0 ? (average * 100 + $0 / 2) / $0 : nil })
        }
        let rollHouseholds = Set(onRoll.map(\.decision.householdId))
        return Dibao(
            households: onRoll.count, persons: onRoll.reduce(0) { $0 + $1.members },
            newHouseholds: roll.decisions(.dibao, .approved, in: period).count, exitedHouseholds: exits.count,
            exitsByReason: Dictionary(grouping: exits) { ($0.reasonCode ?? .other).rawValue }.mapValues(\.count),
            byAreaKind: kinds,
            severelyDisabledPersons: persons.values.filter {
                rollHouseholds.contains($0.householdId) && ($0.disabilityGrade.map { (1...2).contains($0) } ?? false)
            }.count)
    }

    static func oneOff(_ payments: [PaymentInstruction], _ program: BenefitProgram) -> OneOff {
        let paid = payments.filter { $0.program == program }
        return OneOff(personTimes: paid.count, households: Set(paid.map(\.householdId)).count, amountFen: paid.reduce(0) { $0 + $1.amountFen })
    }

    static func childAllowance(_ payments: [PaymentInstruction], period: ReportPeriod) -> ChildAllowance {
        let paid = payments.filter { $0.program == .childLivingAllowance }
        let lastMonth = paid.filter { $0.period == period.until.description }
        let children = Set(lastMonth.map(\.beneficiaryId)).count
        let amounts = Set(lastMonth.map(\.amountFen))
        return ChildAllowance(
            children: children, monthlyFenPerChild: amounts.count == 1 ? amounts.first : nil,
            paidInPeriodFen: paid.reduce(0) { $0 + $1.amountFen })
    }

    static func campaigns(_ grants: [GrantPaymentInstruction]) -> [CampaignGrant] {
        Dictionary(grouping: grants, by: \.programId).keys.sorted().map { program in
            let paid = grants.filter { $0.programId == program }
            let amounts = Set(paid.map(\.amountFen))
            return CampaignGrant(
                programId: program, recipients: Set(paid.map(\.payeeId)).count, amountFen: amounts.count == 1 ? amounts.first : nil,
                totalFen: paid.reduce(0) { $0 + $1.amountFen })
        }
    }

    static func elderlyCare(
        _ roll: BenefitRoll, period: ReportPeriod, persons: [String: PersonSnapshot], grants: [GrantPaymentInstruction], store: ReportStore
    ) async throws -> ElderlyCare {
        let visits = latest(try await store.decoded(CareVisitRecorded.self), by: \.visitId).values.filter { period.contains(month: $0.month) }
        let accepted = visits.filter { $0.status == .recorded }
        let covered = Set((roll.onRoll(.elderlyHomeCareSubsidy, in: period.until) + roll.onRoll(.homeCare, in: period.until))
            .map(\.decision.beneficiaryId))
        let aged = persons.values.filter { $0.vulnerabilities.contains(.aged85To89) }
        var subsidies = Dictionary(grouping: grants.filter { $0.payee == .facility }, by: \.programId)
            .mapValues { $0.reduce(0) { $0 + $1.amountFen } }
        let settlements = try await store.decoded(CareSettlement.self).map(\.event).filter { period.contains(month: $0.month) }
        if !settlements.isEmpty { subsidies["home-care-settlement"] = settlements.reduce(0) { $0 + $1.amountFen } }
        return ElderlyCare(
            homeCarePlans: roll.onRoll(.homeCare, in: period.until).count,
            minutesByServiceType: Dictionary(grouping: accepted, by: \.serviceType).mapValues { $0.reduce(0) { $0 + $1.minutes } },
            aged85To89: aged.count, aged85To89Covered: aged.filter { covered.contains($0.personId) }.count,
            visitsDisputed: visits.count - accepted.count, visitsAccepted: accepted.count,
            subsidiesFen: subsidies,
            centresByStarRating: latest(try await store.decoded(CareCentreSnapshot.self), by: \.centreId).values
                .reduce(into: [:]) { $0["\($1.starRating)", default: 0] += 1 })
    }

    static func organizations(period: ReportPeriod, store: ReportStore) async throws -> Organizations {
        let kinds = latest(try await store.decoded(OrganizationRecord.self), by: \.organizationId).mapValues(\.kind.rawValue)
        let filings = try await store.decoded(FilingStatus.self).map(\.event).filter { period.contains($0.changedAt) }
        var approved: [String: [String: Int]] = [:]
        for filing in filings where filing.status == .approved {
            approved[filing.kind.rawValue, default: [:]][kinds[filing.organizationId] ?? "unknown", default: 0] += 1
        }
        return Organizations(approved: approved, submitted: Set(filings.filter { $0.status == .submitted }.map(\.filingId)).count)
    }

    static func disaster(period: ReportPeriod, store: ReportStore) async throws -> DisasterPrevention {
        let messages = try await store.decoded(AlertIssued.self).map(\.event).filter { period.contains($0.sent) && $0.status == "Actual" }
        let alerts = messages.filter { $0.msgType == "Alert" }
        let sent = Dictionary(messages.map { ($0.alertId, $0.sent) }) { first, _ in first }
        let answers = try await store.decoded(NotificationAcknowledged.self).map(\.event).filter { sent[$0.alertId] != nil }
        // Per alert and resident: the last answer counts, the first one times the response.
        var last: [[String]: NotificationAcknowledged] = [:]
        var minutes: [Int] = []
        for answer in answers.sorted(by: { $0.receivedAt < $1.receivedAt }) {
            let who = [answer.alertId, answer.recipientId]
            if last[who] == nil, let alert = sent[answer.alertId] { minutes.append(Int(answer.receivedAt.timeIntervalSince(alert) / 60)) }
            last[who] = answer
        }
        minutes.sort()
        let reached = try await store.decoded(AreaReached.self).map(\.event).filter { sent[$0.alertId] != nil }
        let deliveries = try await store.decoded(NotificationDelivery.self).map(\.event).filter { sent[$0.alertId] != nil }
        let needs = try await store.decoded(AssistanceNeeded.self).map(\.event).filter { sent[$0.alertId] != nil }
        let shelters = try await store.decoded(ShelterStatus.self).filter { period.contains($0.time) && $0.event.open }.map(\.event)
        let peak = Dictionary(grouping: shelters, by: \.shelterId).mapValues { $0.map(\.occupancy).max() ?? 0 }
        let moves = try await store.decoded(StockMoved.self).map(\.event).filter { period.contains($0.recordedAt) }
        let stock = Dictionary(grouping: moves, by: \.item).keys.sorted().map { item in
            let lines = moves.filter { $0.item == item }
            func total(_ include: (StockMoved) -> Bool) -> Int { lines.filter(include).reduce(0) { $0 + abs($1.quantity) } }
            return StockLine(
                item: item, name: lines.last?.itemName, unit: lines.last?.unit, received: total { $0.movement == .receipt },
                issued: total { $0.movement == .issue }, suppliedToShelters: total { $0.movement == .transferIn && $0.storeKind == .shelter })
        }
        let counts = Dictionary(grouping: alerts) { [$0.event, $0.severity] }
        return DisasterPrevention(
            alerts: counts.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
                AlertCount(event: key[0], severity: key[1], count: counts[key]?.count ?? 0)
            },
            updates: messages.filter { $0.msgType == "Update" }.count,
            cancellations: messages.filter { $0.msgType == "Cancel" }.count,
            targeted: reached.reduce(0) { $0 + $1.targeted }, notified: reached.reduce(0) { $0 + $1.notified },
            acknowledged: last.count,
            responses: Dictionary(grouping: last.values, by: \.response.rawValue).mapValues(\.count),
            medianMinutesToAcknowledge: minutes.isEmpty ? nil : minutes[minutes.count / 2],
            needsHelp: Set(needs.map(\.needId)).count,
            smsSent: Set(deliveries.map(\.notificationId)).count,
            smsDelivered: Set(deliveries.filter { $0.status == .delivered }.map(\.notificationId)).count,
            sheltersOpened: peak.count, peopleSheltered: peak.values.reduce(0, +), stock: stock)
    }
}
