import Contracts
import Foundation
import ServiceKit
import SQLKit

/// Keeps the resident directory from registration's person and contact topics, through the
/// idempotent inbox. Tombstones: a person leaves the directory; a contact loses its phone.
public struct AlertsInbox: InboxHandler {
    public static let topics = [TopicCatalog.person.name, TopicCatalog.contact.name]
    let directory = ResidentDirectory()

    public init() {}

    public func handle(_ event: CloudEvent, in database: any SQLDatabase) async throws {
        switch event.type {
        case PersonSnapshot.eventType: try await directory.apply(try PersonSnapshot(cloudEvent: event), in: database)
        case PersonContact.eventType: try await directory.apply(try PersonContact(cloudEvent: event), in: database)
        default: throw PermanentEventError("alerts does not read events of type '\(event.type)'")
        }
    }

    public func handleTombstone(key: String, topic: String, in database: any SQLDatabase) async throws {
        switch topic {
        case TopicCatalog.person.name: try await directory.removePerson(key, in: database)
        case TopicCatalog.contact.name: try await directory.removeContact(key, in: database)
        default: throw PermanentEventError("unexpected tombstone on \(topic)")
        }
    }
}
