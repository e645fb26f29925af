import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Everything relief reads, through one idempotent inbox: registration's decisions (the
/// entitlements and home-care plans), households (their areas) and persons (the 85–89 elders,
/// for home-care coverage), the organizations register (providers must be active), and the
/// bank's payment results.
public struct ReliefInbox: InboxHandler {
    /// Decisions are read from both versions of the topic: v2 carries adjustments, v1 the decisions
    /// made before v2 existed. A decision on both is recorded once (by its decision id).
    public static let topics = [
        TopicCatalog.decision.name, TopicCatalog.decisionV2.name, TopicCatalog.household.name, TopicCatalog.paymentResult.name,
        TopicCatalog.organization.name, TopicCatalog.person.name,
    ]

    let entitlements: EntitlementLedger

    public init(entitlements: EntitlementLedger) {
        self.entitlements = entitlements
    }

    public func handle(_ event: CloudEvent, in database: any SQLDatabase) async throws {
        switch event.type {
        case BenefitDecision.eventType, BenefitDecisionV2.eventType: try await entitlements.apply(event, in: database)
        case HouseholdSnapshot.eventType: try await HouseholdAreas().apply(event, in: database)
        case PaymentResult.eventType: try await PaymentResults().apply(event, in: database)
        case OrganizationRecord.eventType: try await RegisteredOrganizations.apply(event, in: database)
        case PersonSnapshot.eventType: try await ElderRegister.apply(event, in: database)
        default: throw PermanentEventError("relief does not read events of type '\(event.type)'")
        }
    }

    /// A deregistered household keeps its area for the reports of what was paid there.
    public func handleTombstone(key: String, topic: String, in database: any SQLDatabase) async throws {
        switch topic {
        case TopicCatalog.household.name: break
        case TopicCatalog.person.name: try await ElderRegister.removed(key, in: database)
        default: throw PermanentEventError("unexpected tombstone on \(topic)")
        }
    }
}
