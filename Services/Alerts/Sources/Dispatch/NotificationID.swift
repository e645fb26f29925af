import Contracts
import Crypto
import Foundation

/// The deterministic notification id: the same alert, recipient and channel always give the same
/// id, so a gateway recognizes a redelivered notification and sends it once.
public enum NotificationID {
    public static func make(alertId: String, recipientId: String, channel: NotificationRequested.Channel) -> String {
        // Hashes the strings' own UTF-8 bytes: one notification id per record of a fan-out of
        // millions, so no intermediate Data or arrays.
        var hash = SHA256()
        func add(_ text: String) {
            var text = text
            text.withUTF8 { hash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        add(alertId)
        add("\n")
        add(recipientId)
        add("\n")
        add(channel.rawValue)
        let digest = hash.finalize()
        return String(unsafeUninitializedCapacity: 22) { text in
            text[0] = UInt8(ascii: "N")
            text[1] = UInt8(ascii: "-")
            digest.withUnsafeBytes { bytes in
                for index in 0..<10 {
                    text[2 + 2 * index] = hexDigit(bytes[index] >> 4)
                    text[3 + 2 * index] = hexDigit(bytes[index] & 0x0f)
                }
            }
            return 22
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
