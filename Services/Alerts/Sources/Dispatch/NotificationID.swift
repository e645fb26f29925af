import Contracts
import Crypto
import Foundation

/// The deterministic notification id: the same alert, recipient and channel always give the same
/// id, so a gateway recognizes a redelivered notification and sends it once.
public enum NotificationID {
    public static func make(alertId: String, recipientId: String, channel: NotificationRequested.Channel) -> String {
        var hash = SHA256()
        hash.update(data: Data(alertId.utf8))
        hash.update(data: Data([0x0a]))
        hash.update(data: Data(recipientId.utf8))
        hash.update(data: Data([0x0a]))
        hash.update(data: Data(channel.rawValue.utf8))
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = Array("N-".utf8)
        text.reserveCapacity(22)
        for byte in hash.finalize().prefix(10) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
