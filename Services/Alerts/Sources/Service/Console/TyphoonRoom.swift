import CivilDomain
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The typhoon room at `/console/`: duty officers compose an alert from a form (the CAP is
/// generated and validated by the same code as the API, and shown before it is issued), a second
/// officer approves it from the queue seeing what residents will read, everyone watches an
/// alert's areas fill in live (Server-Sent Events, a map and a table), and area officers work
/// through their list of vulnerable residents on a phone.
public struct TyphoonRoom: Sendable {
    let console: Console
    let desks: AlertsRoutes.Desks
    let areas: AlertAreas
    let map: DistrictMap
    let sender: String
    let visitAttempts: VisitAttempts

    static let navigation = [
        Console.Link("/console/alerts", "预警"), Console.Link("/console/alerts/new", "发布预警"),
        Console.Link("/console/approvals", "待审批"), Console.Link("/console/follow-up", "走访名单"),
    ]
    static let stateLabels: [StoredAlert.State: String] = [
        .awaitingApproval: "待审批", .issued: "已发布", .superseded: "已更新", .cancelled: "已取消",
    ]

    public static func make(desks: AlertsRoutes.Desks, areas: AlertAreas, database: ServiceDatabase, tokens: TokenDirectory, sender: String) throws -> TyphoonRoom {
        let console = try Console(
            service: .alerts, title: "防台防汛指挥室", navigation: navigation, bundle: .module, tokens: tokens, database: database)
        return TyphoonRoom(console: console, desks: desks, areas: areas, map: DistrictMap(areas: areas), sender: sender,
                           visitAttempts: VisitAttempts(database: database))
    }

    public func add(to router: Router<ServiceRequestContext>) {
        console.addSignIn(to: router)
        router.get("/console") { _, _ in Console.redirect(to: "/console/alerts") }
        addCompose(to: router)
        addLive(to: router)
        addFollowUp(to: router)
    }

    func alertRow(_ alert: StoredAlert, viewer: StaffIdentity?) -> [String: Any] {
        var row: [String: Any] = [
            "identifier": alert.identifier, "path": Self.path(alert.identifier), "headline": alert.cap.info?.first?.headline ?? alert.headline,
            "event": alert.cap.info?.first?.event ?? "", "severity": CAPForm.labels[alert.severity] ?? alert.severity,
            "status": CAPForm.labels[alert.cap.status] ?? alert.cap.status, "msgType": alert.cap.msgType,
            "state": Self.stateLabels[alert.state] ?? alert.state.rawValue, "submittedBy": alert.submittedBy,
            "submittedAt": ConsoleFormat.time(alert.submittedAt), "areas": alert.areaCodes.map { areas.areas[$0]?.name ?? $0 }.joined(separator: "、"),
            "ownSubmission": alert.submittedBy == viewer?.staffID, "issued": alert.state == .issued,
            "residentText": ResidentText.text(
                headline: alert.headline, exercise: alert.cap.statusValue == .exercise, cancel: alert.cap.messageType == .cancel),
        ]
        if let by = alert.approvedBy { row["approvedBy"] = by }
        return row
    }

    /// An alert's identifier in a path segment (identifiers hold `:` and `.`, which a segment may).
    static func path(_ identifier: String) -> String {
        identifier.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._:~@"))) ?? identifier
    }

    /// The alert identifier of the path, percent-decoded.
    static func alertId(_ context: ServiceRequestContext) throws -> String {
        let segment = try context.parameters.require("alertId")
        return segment.removingPercentEncoding ?? segment
    }
}
