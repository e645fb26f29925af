import Contracts
import Crypto
import Foundation

/// The deterministic notification id: the same alert, recipient and channel always give the same
/// id, so a gateway recognizes a redelivered notification and sends it once.
public enum NotificationID {
    public static func make(alertId: String, recipientId: String, channel: NotificationRequested.Channel) -> String {
        let digest = SHA256.hash(data: Data("\(alertId)\n\(recipientId)\n\(channel.rawValue)".utf8))
        return "N-" + digest.prefix(10).map { String(format: "%02x", $0) }.joined()
    }
}


