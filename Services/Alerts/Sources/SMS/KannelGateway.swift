import AsyncHTTPClient
import Foundation
import NIOCore

/// Kannel's `sendsms` HTTP interface: the open-source gateway that speaks SMPP and the carriers'
/// other protocols, so we never write an SMPP client. Each message goes as UCS-2 (coding 2,
/// Kannel splits a long one as the carrier needs) with a delivery-report URL that names our
/// notification id and a key, so Kannel's callbacks reach ``SMSDeliveryReports`` and nothing else
/// can post receipts.
public struct KannelGateway: Sendable {
    public struct Settings: Sendable {
        /// e.g. `http://kannel:13013/cgi-bin/sendsms`.
        public var sendsmsURL: String
        public var username: String
        public var password: String
        /// The sender id residents see (e.g. 12379, the national emergency-warning number).
        public var senderId: String
        /// Our address as Kannel reaches it, e.g. `http://alerts:8084`.
        public var callbackBase: String
        /// Kannel repeats it on every delivery report; receipts without it are refused.
        public var callbackKey: String

        public init(sendsmsURL: String, username: String, password: String, senderId: String, callbackBase: String, callbackKey: String) {
            self.sendsmsURL = sendsmsURL
            self.username = username
            self.password = password
            self.senderId = senderId
            self.callbackBase = callbackBase
            self.callbackKey = callbackKey
        }
    }

    /// What Kannel answered.
    public enum Outcome: Sendable, Equatable {
        /// Taken (sent on, or queued in its store for when the carrier link is back).
        case accepted
        /// Kannel refused this message itself (4xx): sending it again would not help.
        case refused(String)
    }

    /// Kannel is away, overloaded or answered 5xx: try again later.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// Delivered (1), failed (2), buffered (4), SMSC accepted (8), SMSC rejected (16).
    static let reportMask = 31

    let settings: Settings
    let client: HTTPClient

    /// Everything but unreserved characters percent-encoded, `&`, `=`, `+` and `%` included.
    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public init(settings: Settings, client: HTTPClient = .shared) {
        self.settings = settings
        self.client = client
    }

    public func send(_ text: String, to phone: String, notificationId: String) async throws -> Outcome {
        // %d and %A are Kannel's own: the report type and the SMSC's answer.
        let dlrURL = settings.callbackBase + "/sms/delivery-reports?id=" + Self.encoded(notificationId)
            + "&key=" + Self.encoded(settings.callbackKey) + "&type=%d&answer=%A"
        let query: [(String, String)] = [
            ("username", settings.username), ("password", settings.password), ("from", settings.senderId), ("to", phone),
            ("text", text), ("charset", "UTF-8"), ("coding", "2"), ("dlr-mask", String(Self.reportMask)), ("dlr-url", dlrURL),
        ]
        let url = settings.sendsmsURL + "?" + query.map { $0.0 + "=" + Self.encoded($0.1) }.joined(separator: "&")
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(10))
        } catch {
            throw Unavailable(description: "the gateway did not answer: \(String(reflecting: type(of: error)))")
        }
        let body = String(buffer: try await response.body.collect(upTo: 4096))
        switch response.status.code {
        case 200..<300: return .accepted
        case 400..<500 where response.status.code != 429: return .refused(body.trimmingCharacters(in: .whitespacesAndNewlines))
        default: throw Unavailable(description: "the gateway answered \(response.status.code)")
        }
    }
}
