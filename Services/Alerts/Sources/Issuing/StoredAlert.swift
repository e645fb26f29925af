import Foundation

/// An alert as the service holds it: the CAP message, where it is in its life, the communities
/// it targets, and who issued and approved it when.
public struct StoredAlert: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        /// Actual Extreme or Severe: waits for a second duty officer.
        case awaitingApproval = "awaiting-approval"
        case issued
        /// A later Update replaced it; its undispatched work stops.
        case superseded
        /// A Cancel withdrew it; its undispatched work stops and those notified are told.
        case cancelled
    }

    public var identifier: String
    public var state: State
    public var areaCodes: [String]
    public var submittedBy: String
    public var submittedAt: Date
    public var approvedBy: String?
    public var approvedAt: Date?
    /// The alert that superseded or cancelled this one.
    public var replacedBy: String?
    public var cap: CAPAlert

    /// The first info's headline (or event): the text residents receive.
    public var headline: String { Self.headline(of: cap) }

    /// The same for a message not stored yet (the typhoon room's preview).
    public static func headline(of cap: CAPAlert) -> String {
        guard let info = cap.info?.first else { return cap.note ?? cap.msgType }
        return [info.headline ?? info.event, info.instruction].compactMap(\.self).joined(separator: " ")
    }

    /// The most severe of its infos, in CAP's order.
    public var severity: String {
        let order = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"]
        return (cap.info ?? []).map(\.severity).min { (order.firstIndex(of: $0) ?? 9) < (order.firstIndex(of: $1) ?? 9) }
            ?? "Unknown"
    }

    /// How long an alert without `expires` counts as in force after it was issued.
    public static let defaultDuration: TimeInterval = 3 * 86_400

    /// When the alert stops being in force by its own terms: its latest `expires`, else the
    /// default duration after it was issued. (A Cancel or Update may end it sooner.)
    public var inForceUntil: Date {
        (cap.info ?? []).compactMap { $0.expires.flatMap(CAPTime.parse) }.max()
            ?? (approvedAt ?? submittedAt).addingTimeInterval(Self.defaultDuration)
    }
}
