@testable import Alerts
import Contracts
import Foundation
import Testing

@Suite("Notification encoding")
struct NotificationEncodingTests {
    @Test("the dispatch workers' JSON is byte for byte the contract encoder's", arguments: [
        "台风“海葵”预计今夜登陆，请立即转移。",
        "quote \" backslash \\ slash / tab \t newline \n return \r bell \u{07} nul \u{00} del \u{7f} emoji 🌀",
        "",
    ])
    func sameBytes(_ text: String) throws {
        let time = Date(timeIntervalSince1970: 1_795_000_060)
        for (recipientId, priority, exercise) in [("p_1", 1, false), ("p_\"odd\\\n", 0, true), ("p_2", 12, false)] {
            let json = NotificationJSON(alertId: "urn:oid:2.49.0.1/x", text: text, exercise: exercise, requestedAt: time)
            for (channel, address, role) in [
                (NotificationRequested.Channel.sms, "13800000000" as String?, NotificationRequested.RecipientRole.resident),
                (.communityOfficer, nil, .resident), (.sms, "13900000310", .shelterManager),
            ] {
                let id = NotificationID.make(alertId: "urn:oid:2.49.0.1/x", recipientId: recipientId, channel: channel)
                let notification = NotificationRequested(
                    notificationId: id, alertId: "urn:oid:2.49.0.1/x", recipientId: recipientId, recipientRole: role, channel: channel,
                    address: address, priority: priority, text: text, exercise: exercise, requestedAt: time)
                let fast = json.encode(
                    notificationId: id, recipientId: recipientId, role: role, channel: channel, address: address, priority: priority)
                #expect(String(decoding: fast, as: UTF8.self)
                    == String(decoding: try CivilEventCoding.encoder.encode(notification), as: UTF8.self))
                // Written after other bytes, as into a record batch, it leaves them alone.
                var after = Array("prefix".utf8)
                json.write(notificationId: id, recipientId: recipientId, role: role, channel: channel, address: address,
                           priority: priority, to: &after)
                #expect(after == Array("prefix".utf8) + Array(fast))
            }
        }
        #expect(NotificationID.make(alertId: "a", recipientId: "b", channel: .sms).count == 22)
        // Pinned: ids already sent must stay the same (SHA-256 of "a\nb\nsms", first 10 bytes in hex).
        #expect(NotificationID.make(alertId: "a", recipientId: "b", channel: .sms) == "N-c35973a25490c65c2cb2")
        #expect(NotificationID.make(alertId: "a", recipientId: "b", channel: .sms)
            != NotificationID.make(alertId: "a", recipientId: "b", channel: .voiceCall))
    }
}
