import Contracts
import Foundation
import ServiceKit
import SQLKit

/// What registration reads: the households the alerts service reports in need during an alert.
public struct RegistrationInbox: InboxHandler {
    public static let topics = [TopicCatalog.assistanceNeed.name]

    public init() {}

    public func handle(_ event: CloudEvent, in database: any SQLDatabase) async throws {
        switch event.type {
        case AssistanceNeeded.eventType: try await AssistanceNeedDrafts.apply(try AssistanceNeeded(cloudEvent: event), in: database)
        default: throw PermanentEventError("registration does not read events of type '\(event.type)'")
        }
    }
}
