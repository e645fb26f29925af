import Foundation
import ServiceKit

/// The SMS gateway settings of the alerts service. Without `sms.gateway` nothing is sent
/// (notifications stay on the topic for another sender).
public enum SMSSettings {
    public static let gatewayURL = SettingKey(
        "sms.gateway", form: "Kannel's sendsms URL, e.g. http://kannel:13013/cgi-bin/sendsms",
        summary: "Where SMS notifications are sent; empty: this replica sends none.", default: "")
    public static let username = SettingKey(
        "sms.username", form: "a Kannel sendsms-user name", summary: "The sendsms user.", default: "alerts")
    public static let password = SettingKey(
        "sms.password", form: "the sendsms user's password", summary: "The sendsms user's password.", default: "", secret: true)
    public static let senderId = SettingKey(
        "sms.senderId", form: "digits", summary: "The number residents see messages from.", default: "12379")
    public static let callbackBase = SettingKey(
        "sms.callbackBase", form: "an http(s) URL without a trailing slash, e.g. http://alerts:8084",
        summary: "This service as Kannel reaches it, for delivery reports.", default: "")
    public static let callbackKey = SettingKey(
        "sms.callbackKey", form: "at least 16 characters",
        summary: "Kannel repeats it on every delivery report; reports without it are refused.", default: "", secret: true)
    public static let ratePerSecond = SettingKey(
        "sms.ratePerSecond", form: "a number of messages a second, 0: unlimited",
        summary: "The carrier link's rate: this replica sends no faster.", default: "0")
    public static let concurrency = SettingKey(
        "sms.concurrency", form: "a positive number", summary: "Requests to the gateway at once.", default: "16")
    public static let confirmWait = SettingKey(
        "sms.confirmWait", form: "seconds",
        summary: "How long a message cut off mid-request waits for its delivery report before it is sent again.", default: "60")

    public static let all = [gatewayURL, username, password, senderId, callbackBase, callbackKey, ratePerSecond, concurrency, confirmWait]

    /// The gateway and the sender's configuration, or nil when no gateway is configured.
    public static func read(_ configuration: ServiceConfiguration) throws -> (KannelGateway.Settings, SMSSender.Configuration)? {
        let url = configuration.string(gatewayURL) ?? ""
        guard !url.isEmpty else { return nil }
        func isHTTP(_ text: String) -> Bool {
            (text.hasPrefix("http://") || text.hasPrefix("https://")) && URL(string: text) != nil && !text.hasSuffix("/")
        }
        guard isHTTP(url) else { throw ConfigurationError(key: gatewayURL, problem: "must be an http(s) URL") }
        let base = configuration.string(callbackBase) ?? ""
        guard isHTTP(base) else { throw ConfigurationError(key: callbackBase, problem: "is needed with a gateway: an http(s) URL") }
        let key = configuration.string(callbackKey) ?? ""
        guard key.count >= 16 else { throw ConfigurationError(key: callbackKey, problem: "is needed with a gateway: 16 characters or more") }
        let sender = configuration.string(senderId) ?? ""
        guard !sender.isEmpty, sender.allSatisfy(\.isASCII), sender.count <= 16 else {
            throw ConfigurationError(key: senderId, problem: "must be up to 16 characters")
        }
        let rate = try configuration.required(ratePerSecond) { Int($0).flatMap { (0...100_000).contains($0) ? $0 : nil } }
        let settings = KannelGateway.Settings(
            sendsmsURL: url, username: configuration.string(username) ?? "alerts", password: configuration.string(password) ?? "",
            senderId: sender, callbackBase: base, callbackKey: key)
        let sending = SMSSender.Configuration(
            ratePerSecond: rate, concurrency: try configuration.positiveInt(concurrency), confirmWait: try configuration.seconds(confirmWait))
        return (settings, sending)
    }
}
