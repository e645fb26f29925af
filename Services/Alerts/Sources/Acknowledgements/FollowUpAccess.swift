import Foundation
import ServiceKit

/// Who may see the vulnerable residents' phones and flags for an alert, and until when. Duty
/// officers run the whole district; an area officer sees only the areas the areas file assigns
/// them (and the communities below). Both see them only while the alert is in force and for a
/// grace after it ends, for the last visits: a finished alert is no reason to read phones.
public struct FollowUpAccess: Sendable {
    public let areas: AlertAreas
    /// Time after an alert ends (expired, cancelled or replaced) during which follow-up goes on.
    public let grace: TimeInterval
    public init(areas: AlertAreas, grace: TimeInterval) {
        self.areas = areas
        self.grace = grace
    }

    /// - Parameter replacement: the alert that cancelled or superseded `alert`, if one did.
    /// - Throws: ``FollowUpRefusal`` naming why.
    public func check(
        _ staff: StaffIdentity, areaCode: String, alert: StoredAlert, replacement: StoredAlert?, now: Date = Date()
    ) throws(FollowUpRefusal) {
        if !staff.roles.contains(AlertsRoutes.dutyOfficer) && !areas.isAssigned(areaCode, to: staff.staffID) {
            throw .areaNotAssigned(areaCode, staffID: staff.staffID)
        }
        guard alert.state != .awaitingApproval else { throw .notIssued(alert.identifier) }
        let ended = ends(alert, replacement: replacement)
        guard now < ended.addingTimeInterval(grace) else { throw .closed(alert.identifier, endedAt: ended) }
    }

    /// When the alert stops being in force: by its own terms, and no later than the issue of
    /// whatever replaced it.
    func ends(_ alert: StoredAlert, replacement: StoredAlert?) -> Date {
        guard let replacement, replacement.state != .awaitingApproval else { return alert.inForceUntil }
        return min(alert.inForceUntil, replacement.approvedAt ?? replacement.submittedAt)
    }
}

/// Why follow-up data of an alert is not shown to this officer now.
public enum FollowUpRefusal: Error, Sendable, Equatable {
    /// The areas file does not assign the area (or one above it) to the officer.
    case areaNotAssigned(String, staffID: String)
    /// The alert ended (expired, cancelled or replaced) longer than the grace ago.
    case closed(String, endedAt: Date)
    /// The alert waits for approval: nobody has been told, so there is nobody to follow up.
    case notIssued(String)
}
