import CivilDomain
import Foundation
import Hummingbird
import ServiceKit

extension AlertsRoutes {
    /// Called by the SMS gateway, not by people: no bearer token and no per-client limit, but
    /// the key the gateway was given.
    public static let callbackPrefixes = ["/sms"]

    /// `GET /sms/delivery-reports?id=&key=&type=&answer=`: Kannel's dlr-url.
    static func addDeliveryReports(to router: Router<ServiceRequestContext>, reports: SMSDeliveryReports) {
        router.get("/sms/delivery-reports") { request, _ -> HTTPResponse.Status in
            let parameters = request.uri.queryParameters
            guard reports.isKey(parameters.get("key") ?? "") else {
                throw Problem(.forbidden, kind: "wrong-key", title: "Not the gateway", detail: "the delivery report's key is wrong")
            }
            guard let id = parameters.get("id"), FreeText.isLine(id, maxLength: 128),
                  let type = parameters.get("type").flatMap(Int.init), (0...255).contains(type)
            else {
                throw Problem.invalidQuery("id (a notification id) and type (Kannel's report type, 0-255) are required")
            }
            guard try await reports.apply(notificationId: id, type: type) else {
                throw NotFound("no SMS was sent for notification '\(id)'")
            }
            return .ok
        }
    }
}
