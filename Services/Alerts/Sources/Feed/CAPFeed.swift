import Foundation

/// The public CAP feed, as CAP alert hubs, map apps and broadcasters read one: an Atom feed of the
/// Actual, Public alerts in force (and those ended in the last day, so a late poller still sees
/// them end), each entry linking to the alert's CAP XML. Test, Exercise, System, Draft and
/// Restricted or Private alerts, and alerts awaiting a second officer, are never published.
public enum CAPFeed {
    /// How long after it ends an alert stays listed.
    public static let recentlyEnded: TimeInterval = 86_400

    /// Whether anyone may read the alert's CAP without a token.
    public static func isPublic(_ alert: StoredAlert) -> Bool {
        alert.cap.statusValue == .actual && alert.cap.scope == "Public" && alert.state != .awaitingApproval
    }

    /// Whether the feed lists it now: public, the latest message of its thread (a Cancel or
    /// Update is listed in its place), and in force or ended less than a day ago.
    public static func isListed(_ alert: StoredAlert, now: Date) -> Bool {
        isPublic(alert) && alert.state == .issued && alert.inForceUntil > now.addingTimeInterval(-recentlyEnded)
    }

    private static let segment = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#%"))

    /// The path of an alert's CAP XML; identifiers may hold `/` and other reserved characters.
    public static func path(of identifier: String) -> String {
        "/cap/alerts/" + (identifier.addingPercentEncoding(withAllowedCharacters: segment) ?? identifier) + ".xml"
    }

    /// The Atom document. `base` is the service's public address, e.g. `https://alerts.xihu.gov.cn`.
    public static func atom(_ alerts: [StoredAlert], base: String, now: Date) -> String {
        let listed = alerts.filter { isListed($0, now: now) }.sorted { $0.submittedAt > $1.submittedAt }
        var xml = XMLText()
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
        xml.element("id", base + "/cap/feed.atom", depth: 1)
        xml.element("title", "西湖区灾害预警信息 (CAP 1.2)", depth: 1)
        xml.element("updated", CAPTime.format(listed.first.map { $0.approvedAt ?? $0.submittedAt } ?? now), depth: 1)
        xml.empty("link", attributes: [("rel", "self"), ("type", "application/atom+xml"), ("href", base + "/cap/feed.atom")], depth: 1)
        for alert in listed {
            let info = alert.cap.info?.first
            xml.open("entry", depth: 1)
            xml.element("id", base + path(of: alert.identifier), depth: 2)
            xml.element("title", alert.headline, depth: 2)
            xml.element("updated", CAPTime.format(alert.approvedAt ?? alert.submittedAt), depth: 2)
            xml.element("published", alert.cap.sent, depth: 2)
            xml.open("author", depth: 2)
            xml.element("name", info?.senderName ?? alert.cap.sender, depth: 3)
            xml.close("author", depth: 2)
            xml.empty("link", attributes: [("rel", "alternate"), ("type", "application/cap+xml"),
                                           ("href", base + path(of: alert.identifier))], depth: 2)
            xml.empty("category", attributes: [("term", info?.event ?? alert.cap.msgType)], depth: 2)
            let areas = (alert.cap.info ?? []).flatMap { $0.area ?? [] }.map(\.areaDesc)
            xml.element("summary", ([alert.cap.msgType, alert.severity] + areas).joined(separator: " · "), depth: 2)
            xml.close("entry", depth: 1)
        }
        xml.raw("</feed>\n")
        return xml.text
    }
}
