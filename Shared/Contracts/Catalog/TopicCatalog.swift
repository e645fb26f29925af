/// Every topic of the system, in one place. Services create and read topics only through these
/// entries; the embedded broker, `civil-topics`, the deployment files and `docs/topics.md` are
/// derived from them.
public enum TopicCatalog {
    public static let household = TopicSpec(
        name: "civil.registration.household.v1", key: "household id", partitions: 6,
        cleanupPolicy: .compact, retention: .forever, classification: .analyticsSafe,
        writer: .registration, readers: [.relief, .alerts, .analytics], eventTypes: [HouseholdSnapshot.self],
        summary: "Current state of each registered household (area, size, income); tombstone on deregistration.")

    public static let person = TopicSpec(
        name: "civil.registration.person.v1", key: "person pseudonym", partitions: 6,
        cleanupPolicy: .compact, retention: .forever, classification: .analyticsSafe,
        writer: .registration, readers: [.relief, .alerts, .analytics], eventTypes: [PersonSnapshot.self],
        summary: "Current state of each resident by pseudonym: household, area, birth year, vulnerabilities.")

    public static let contact = TopicSpec(
        name: "civil.registration.contact.v1", key: "person pseudonym", partitions: 6,
        cleanupPolicy: .compact, retention: .forever, classification: .restricted,
        writer: .registration, readers: [.alerts], eventTypes: [PersonContact.self],
        summary: "Name and phone of each resident, for disaster notification only.")

    public static let decision = TopicSpec(
        name: "civil.registration.decision.v1", key: "household id", partitions: 6,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .registration, readers: [.relief, .alerts, .analytics], eventTypes: [BenefitDecision.self],
        summary: "Benefit decisions: approvals, rejections, suspensions, exits, with amounts in fen and who decided.")

    public static let decisionV2 = TopicSpec(
        name: "civil.registration.decision.v2", key: "household id", partitions: 6,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .registration, readers: [.relief, .analytics], eventTypes: [BenefitDecisionV2.self],
        summary: "Every benefit decision, adjustments (a new amount from a month) included, with the means test's figures; v1 carries all but adjustments.")

    public static let payroll = TopicSpec(
        name: "civil.relief.payroll.v1", key: "payroll run id", partitions: 3,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .relief, readers: [.analytics], eventTypes: [PayrollRunStatus.self],
        summary: "Payroll runs moving from draft to reconciled, with counts and totals in fen.")

    public static let payrollV2 = TopicSpec(
        name: "civil.relief.payroll.v2", key: "payroll run id", partitions: 3,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .relief, readers: [.analytics], eventTypes: [PayrollRunStatusV2.self],
        summary: "Payroll runs of every program, grants and subsidies included, moving from draft to reconciled; v1 carries benefit runs only.")

    public static let entitlement = TopicSpec(
        name: "civil.relief.entitlement.v1", key: "application id", partitions: 6,
        cleanupPolicy: .compact, retention: .forever, classification: .analyticsSafe,
        writer: .relief, readers: [.analytics], eventTypes: [EntitlementChanged.self],
        summary: "Each application's entitlement as relief keeps it: payable or not, from which month, at what amount.")

    public static let payment = TopicSpec(
        name: "civil.relief.payment.v1", key: "payment idempotency key", partitions: 6,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .relief, readers: [.treasury, .analytics], eventTypes: [PaymentInstruction.self],
        summary: "Payment instructions for the bank or treasury adapter, one per beneficiary and period.")

    public static let grant = TopicSpec(
        name: "civil.relief.grant.v1", key: "payment idempotency key", partitions: 6,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .relief, readers: [.treasury, .analytics], eventTypes: [GrantPaymentInstruction.self],
        summary: "Grant payment instructions with no decision behind them: campaign grants to listed residents, subsidies to elderly-care facilities.")

    public static let careVisit = TopicSpec(
        name: "civil.relief.visit.v1", key: "person pseudonym", partitions: 6,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .relief, readers: [.analytics], eventTypes: [CareVisitRecorded.self],
        summary: "Home-care visits providers recorded and relief accepted (again when disputed on call-back): service type, minutes, fen; no free text.")

    public static let careCentre = TopicSpec(
        name: "civil.relief.centre.v1", key: "centre id", partitions: 3,
        cleanupPolicy: .compact, retention: .forever, classification: .analyticsSafe,
        writer: .relief, readers: [.analytics], eventTypes: [CareCentreSnapshot.self],
        summary: "Community home-care centres as relief keeps them: star rating, canteen, opening date.")

    public static let careSettlement = TopicSpec(
        name: "civil.relief.settlement.v1", key: "provider id", partitions: 3,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .relief, readers: [.analytics], eventTypes: [CareSettlement.self],
        summary: "Each home-care provider's month settled: visits, minutes and fen behind its one payment.")

    public static let paymentResult = TopicSpec(
        name: "civil.treasury.payment.v1", key: "payment idempotency key", partitions: 6,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .treasury, readers: [.relief, .analytics], eventTypes: [PaymentResult.self],
        summary: "Paid or failed, per payment instruction, as reported by the bank or treasury adapter.")

    public static let organization = TopicSpec(
        name: "civil.organizations.organization.v1", key: "organization id", partitions: 3,
        cleanupPolicy: .compact, retention: .forever, classification: .public,
        writer: .organizations, readers: [.relief, .analytics], eventTypes: [OrganizationRecord.self],
        summary: "The public register of social organizations: name, kind, status, credit code.")

    public static let filing = TopicSpec(
        name: "civil.organizations.filing.v1", key: "organization id", partitions: 3,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .organizations, readers: [.analytics], eventTypes: [FilingStatus.self],
        summary: "Filings with the registrar moving through their workflow, with deadlines.")

    public static let alert = TopicSpec(
        name: "civil.alerts.alert.v1", key: "CAP identifier", partitions: 3,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .alerts, readers: [.analytics], eventTypes: [AlertIssued.self],
        summary: "CAP alerts issued, updated and cancelled.")

    public static let dispatch = TopicSpec(
        name: "civil.alerts.dispatch.v1", key: "CAP identifier / area code", partitions: 24,
        cleanupPolicy: .delete, retention: .days(7), classification: .analyticsSafe,
        writer: .alerts, readers: [.alerts], eventTypes: [AreaDispatch.self],
        summary: "Fan-out work, one record per alert and area; its partitions bound how far dispatch scales out.")

    public static let notification = TopicSpec(
        name: "civil.alerts.notification.v1", key: "recipient id", partitions: 12,
        cleanupPolicy: .delete, retention: .days(30), classification: .restricted,
        writer: .alerts, readers: [.alerts], eventTypes: [NotificationRequested.self],
        summary: "One message per recipient and channel, with a deterministic id, for the SMS and call gateways.")

    public static let acknowledgement = TopicSpec(
        name: "civil.alerts.acknowledgement.v1", key: "CAP identifier", partitions: 6,
        cleanupPolicy: .delete, retention: .days(400), classification: .analyticsSafe,
        writer: .alerts, readers: [.alerts, .analytics], eventTypes: [NotificationAcknowledged.self],
        summary: "Answers to notifications: received, safe, needs help, evacuated.")

    public static let delivery = TopicSpec(
        name: "civil.alerts.delivery.v1", key: "CAP identifier", partitions: 6,
        cleanupPolicy: .delete, retention: .days(400), classification: .analyticsSafe,
        writer: .alerts, readers: [.analytics], eventTypes: [NotificationDelivery.self],
        summary: "SMS delivery receipts from the gateway: sent, delivered to the handset, or failed with a reason code.")

    public static let reach = TopicSpec(
        name: "civil.alerts.reach.v1", key: "CAP identifier", partitions: 3,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .alerts, readers: [.analytics], eventTypes: [AreaReached.self],
        summary: "Each alert's fan-out per community once it ended: recipients targeted and notified, counts only.")

    public static let stock = TopicSpec(
        name: "civil.alerts.stock.v1", key: "store id", partitions: 3,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .alerts, readers: [.analytics], eventTypes: [StockMoved.self],
        summary: "The relief-material stores' ledger lines: received, issued, moved between stores (shelters included), corrected by stock-takes; no recipients.")

    public static let shelter = TopicSpec(
        name: "civil.alerts.shelter.v1", key: "shelter id", partitions: 3,
        cleanupPolicy: .compact, retention: .forever, classification: .analyticsSafe,
        writer: .alerts, readers: [.analytics], eventTypes: [ShelterStatus.self],
        summary: "Each shelter's capacity, occupancy and whether it is open.")

    public static let assistanceNeed = TopicSpec(
        name: "civil.alerts.assistance.v1", key: "household id", partitions: 6,
        cleanupPolicy: .delete, retention: .forever, classification: .analyticsSafe,
        writer: .alerts, readers: [.registration, .analytics], eventTypes: [AssistanceNeeded.self],
        summary: "Households reported in need during an alert (food, shelter, medical, house damage); registration opens draft emergency-relief applications from them.")

    /// Every topic, in the order the table prints them.
    public static let all: [TopicSpec] = [
        household, person, contact, decision, decisionV2, entitlement, payroll, payrollV2, payment, grant, careVisit, careSettlement, careCentre, paymentResult, organization, filing,
        alert, dispatch, notification, reach, acknowledgement, delivery, shelter, stock, assistanceNeed,
    ]

    /// Every event type on any topic.
    public static var eventTypes: [any CivilEvent.Type] { all.flatMap(\.eventTypes) }

    public static func topic(named name: String) -> TopicSpec? { all.first { $0.name == name } }

    /// The topics a service writes.
    public static func written(by service: CivilService) -> [TopicSpec] { all.filter { $0.writer == service } }

    /// The topics a service reads.
    public static func read(by service: CivilService) -> [TopicSpec] { all.filter { $0.readers.contains(service) } }
}
