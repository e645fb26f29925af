import Contracts
import Crypto
import Foundation

/// The deterministic notification id: the same alert, recipient and channel always give the same
/// id, so a gateway recognizes a redelivered notification and sends it once.
public enum NotificationID {
    public static func make(alertId: String, recipientId: String, channel: NotificationRequested.Channel) -> String {
        // Hashes the strings' UTF-8 bytes joined by newlines, laid out once on the stack and
        // hashed in one call: one notification id per record of a fan-out of millions.
        var alertId = alertId
        var recipientId = recipientId
        var channel = channel.rawValue
        let digest = alertId.withUTF8 { alert in
            recipientId.withUTF8 { recipient in
                channel.withUTF8 { channel in
                    withUnsafeTemporaryAllocation(byteCount: alert.count + recipient.count + channel.count + 2, alignment: 1) { text in
                        var end = 0
                        func add(_ part: UnsafeBufferPointer<UInt8>) {
                            UnsafeMutableRawBufferPointer(rebasing: text[end..<end + part.count]).copyMemory(from: UnsafeRawBufferPointer(part))
                            end += part.count
                        }
                        func newline() {
                            text[end] = UInt8(ascii: "\n")
                            end += 1
                        }
                        add(alert)
                        newline()
                        add(recipient)
                        newline()
                        add(channel)
                        return SHA256.hash(data: UnsafeRawBufferPointer(text))
                    }
                }
            }
        }
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
