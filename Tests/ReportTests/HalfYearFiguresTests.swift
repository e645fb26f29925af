import CivilDomain
import Contracts
import Foundation
import KafkaTestSupport
@testable import Report
import Testing

/// The figures the end-to-end scenario does not reach: home care, SMS, updates and cancels, a
/// reissued payment, and what lies outside the period.
@Suite("Half-year figures from stored events")
struct HalfYearFiguresTests {
    static let period = try! ReportPeriod(from: Month("2026-07")!, until: Month("2026-12")!)
    static let inPeriod = CivilDate("2026-09-15")!.start
    static let before = CivilDate("2026-05-15")!.start

    final class Events: @unchecked Sendable {
        var records: [ReportStore.Record] = []
        func add<T: CivilEvent>(_ event: T, _ id: String, at time: Date = HalfYearFiguresTests.inPeriod) throws {
            let envelope = try event.cloudEvent(id: id, time: time)
            records.append(ReportStore.Record(
                id: id, topic: T.topic.name, partition: 0, offset: Int64(records.count), key: event.partitionKey,
                type: T.eventType, time: time, data: envelope.data))
        }
    }

    static func person(_ id: String, _ flags: [Vulnerability]) -> PersonSnapshot {
        var person = PersonSnapshot.minimalExample
        (person.personId, person.vulnerabilities) = (id, flags)
        return person
    }

    static func decision(_ id: String, _ person: String, _ program: BenefitProgram, _ outcome: BenefitDecisionV2.Outcome, _ month: String) -> BenefitDecisionV2 {
        BenefitDecisionV2(
            decisionId: id, applicationId: "A-\(person)-\(program.rawValue)", householdId: "H-\(person)", beneficiaryId: person, program: program,
            outcome: outcome, effectiveMonth: month, decidedBy: "staff-0007", submittedBy: "staff-0042", decidedAt: inPeriod)
    }

    static func visit(_ id: String, _ type: String, minutes: Int, month: String = "2026-08", status: CareVisitRecorded.Status = .recorded) -> CareVisitRecorded {
        var visit = CareVisitRecorded.example
        (visit.visitId, visit.serviceType, visit.minutes, visit.month, visit.status) = (id, type, minutes, month, status)
        return visit
    }

    @Test("elderly care, SMS, updates and cancels, reissues and events outside the period")
    func figures() async throws {
        let events = Events()
        // Elderly care: two of three residents aged 85 to 89 covered; one plan left the roll.
        for (id, flags) in [("p1", [Vulnerability.aged85To89]), ("p3", [.aged85To89]), ("p4", [.aged85To89]), ("p2", [.aged80Plus])] {
            try events.add(Self.person(id, flags), "person-\(id)")
        }
        try events.add(Self.decision("D1", "p1", .homeCare, .approved, "2026-08"), "D1")
        try events.add(Self.decision("D2", "p2", .homeCare, .approved, "2026-07"), "D2")
        try events.add(Self.decision("D3", "p2", .homeCare, .exited, "2026-10"), "D3")
        try events.add(Self.decision("D4", "p3", .elderlyHomeCareSubsidy, .approved, "2026-01"), "D4")
        try events.add(Self.visit("V1", "housekeeping", minutes: 90), "V1")
        try events.add(Self.visit("V2", "daily-care", minutes: 60), "V2")
        try events.add(Self.visit("V3", "housekeeping", minutes: 30), "V3")
        try events.add(Self.visit("V3", "housekeeping", minutes: 30, status: .disputed), "V3-disputed")
        try events.add(Self.visit("V4", "housekeeping", minutes: 45, month: "2026-06"), "V4")
        var settlement = CareSettlement.example
        (settlement.month, settlement.amountFen) = ("2026-08", 9_000)
        try events.add(settlement, "S1")
        (settlement.settlementId, settlement.month) = ("S-old", "2026-05")
        try events.add(settlement, "S0")
        var subsidy = GrantPaymentInstruction.minimalExample
        (subsidy.programId, subsidy.period, subsidy.amountFen) = ("home-care-centre-operation", "2026-09", 6_000_000)
        try events.add(subsidy, "G1")
        for (id, stars) in [("C1", 3), ("C2", 3), ("C3", 5), ("C1", 4)] {
            var centre = CareCentreSnapshot.example
            (centre.centreId, centre.starRating) = (id, stars)
            try events.add(centre, "centre-\(id)-\(stars)")
        }

        // A temporary-relief payment and its reissue: one case.
        var payment = PaymentInstruction.minimalExample
        (payment.period, payment.amountFen) = ("2026-09", 80_000)
        try events.add(payment, "P1")
        (payment.paymentId, payment.reissueOf) = ("PAY-r1", payment.paymentId)
        try events.add(payment, "P1-r1")

        // Alerts: an Alert, its Update and a Cancel; an Exercise and an alert before the period count nowhere.
        var alert = AlertIssued.minimalExample
        (alert.alertId, alert.msgType, alert.status, alert.sent, alert.event, alert.severity) = ("T1", "Alert", "Actual", Self.inPeriod, "台风", "Severe")
        try events.add(alert, "alert-T1")
        (alert.alertId, alert.msgType) = ("T2", "Update")
        try events.add(alert, "alert-T2")
        (alert.alertId, alert.msgType) = ("T3", "Cancel")
        try events.add(alert, "alert-T3")
        (alert.alertId, alert.msgType, alert.status) = ("X1", "Alert", "Exercise")
        try events.add(alert, "alert-X1")
        (alert.alertId, alert.status, alert.sent) = ("OLD", "Actual", Self.before)
        try events.add(alert, "alert-OLD", at: Self.before)
        try events.add(AreaReached(alertId: "T1", areaCode: "330106101201", status: "Actual", msgType: "Alert", targeted: 40, notified: 40,
                                   outcome: .finished, settledAt: Self.inPeriod), "reach-T1")
        try events.add(AreaReached(alertId: "OLD", areaCode: "330106101201", status: "Actual", msgType: "Alert", targeted: 9, notified: 9,
                                   outcome: .finished, settledAt: Self.before), "reach-OLD")
        for (n, status) in [("N1", NotificationDelivery.Status.sent), ("N1", .delivered), ("N2", .sent), ("N2", .delivered), ("N3", .failed)] {
            try events.add(NotificationDelivery(notificationId: n, alertId: "T1", recipientId: "p1", status: status,
                                                failure: status == .failed ? .notDelivered : nil, reportedAt: Self.inPeriod), "\(n)-\(status)")
        }
        for (index, minutes) in [3, 12, 30].enumerated() {
            try events.add(NotificationAcknowledged(
                notificationId: "N\(index)", alertId: "T1", recipientId: "p\(index)", response: .safe,
                receivedAt: Self.inPeriod.addingTimeInterval(Double(minutes * 60))), "ack-\(index)")
        }
        try events.add(NotificationAcknowledged(
            notificationId: "N9", alertId: "OLD", recipientId: "p9", response: .needsHelp, receivedAt: Self.before), "ack-old")

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("figures-\(UUID().uuidString).sqlite").path
        let store = try await ReportStore.open(at: path, rebuild: false, logger: quietLogger)
        try await store.keep(events.records)
        let report = try await HalfYearReport.compute(for: Self.period, from: store)
        try await store.close()

        #expect(report.elderlyCare == HalfYearReport.ElderlyCare(
            homeCarePlans: 1, minutesByServiceType: ["housekeeping": 90, "daily-care": 60], aged85To89: 3, aged85To89Covered: 2,
            visitsDisputed: 1, visitsAccepted: 2, subsidiesFen: ["home-care-centre-operation": 6_000_000, "home-care-settlement": 9_000],
            centresByStarRating: ["3": 1, "4": 1, "5": 1]))
        #expect(report.socialAssistance.temporaryRelief == HalfYearReport.OneOff(personTimes: 1, households: 1, amountFen: 80_000))
        let disaster = report.disasterPrevention
        #expect(disaster.alerts == [HalfYearReport.AlertCount(event: "台风", severity: "Severe", count: 1)])
        #expect((disaster.updates, disaster.cancellations, disaster.notified, disaster.targeted) == (1, 1, 40, 40))
        #expect((disaster.smsSent, disaster.smsDelivered) == (3, 2))
        #expect(disaster.acknowledged == 3 && disaster.responses == ["safe": 3] && disaster.medianMinutesToAcknowledge == 12)
        #expect(disaster.needsHelp == 0)

        // The same figures as people read them.
        let markdown = ReportFiles.markdown(report)
        for text in ["| 生活照料 | 1.0 |", "| 助洁 | 1.5 |", "| 85—89 周岁覆盖率（高龄补贴或服务计划） | 66.7% |", "| 服务满意率（回访无异议） | 66.7% |",
                     "| 确认率 | 7.5% |", "| 短信发出 / 送达 | 3 / 2 |", "| home-care-settlement | 90.00 |", "| 4 星 | 1 |", "| 1 星 | 0 |"] {
            #expect(markdown.contains(text), "\(text)")
        }
    }

    @Test("yuan written as the bureau writes them, and drawn in fen")
    func cells() {
        #expect(HalfYearReport.yuan(223_000_000) == "2,230,000.00" && HalfYearReport.yuan(5) == "0.05" && HalfYearReport.yuan(-123_456) == "-1,234.56")
        #expect(ReportFiles.number("2,230,000.00") == 223_000_000 && ReportFiles.number("12") == 12)
    }
}
