import Contracts
import Foundation

/// Writes ``NotificationRequested`` JSON byte for byte as ``CivilEventCoding/encoder`` does
/// (sorted keys, unescaped slashes, whole-second UTC times), without its per-value reflection:
/// a dispatch worker writes a million of these for a city-wide alert, and Foundation's encoder
/// was a third of its time. Everything between the per-recipient values (keys, and the fields
/// shared by a dispatch) is laid out once, so a notification is a handful of copies. A test
/// compares the output with the encoder's.
public struct NotificationJSON: Sendable {
    /// `"alertId":…,"channel":`
    private let alertIdThroughChannelKey: [UInt8]
    /// `,"exercise":…,"notificationId":`
    private let exerciseThroughIdKey: [UInt8]
    /// `,"requestedAt":…,"text":…}`
    private let requestedAtThroughEnd: [UInt8]

    private static let addressKey = Array(#"{"address":"#.utf8)
    private static let priorityKey = Array(#","priority":"#.utf8)
    private static let recipientIdKey = Array(#","recipientId":"#.utf8)
    private static let recipientRoleKey = Array(#","recipientRole":"#.utf8)

    public init(alertId: String, text: String, exercise: Bool, requestedAt: Date) {
        alertIdThroughChannelKey = Array(#""alertId":"#.utf8) + Self.string(alertId) + Array(#","channel":"#.utf8)
        exerciseThroughIdKey = Array(#","exercise":\#(exercise),"notificationId":"#.utf8)
        requestedAtThroughEnd = Array(#","requestedAt":"#.utf8) + Self.string(requestedAt.formatted(.iso8601))
            + Array(#","text":"#.utf8) + Self.string(text) + [UInt8(ascii: "}")]
    }

    /// The bytes every notification of this dispatch has, whatever its recipient: with the
    /// recipient's own fields (about 100 bytes), the room a notification takes.
    public var sharedByteCount: Int {
        Self.addressKey.count + alertIdThroughChannelKey.count + exerciseThroughIdKey.count + Self.priorityKey.count
            + Self.recipientIdKey.count + Self.recipientRoleKey.count + requestedAtThroughEnd.count
    }

    public func encode(
        notificationId: String, recipientId: String, role: NotificationRequested.RecipientRole,
        channel: NotificationRequested.Channel, address: String?, priority: Int
    ) -> Data {
        var json: [UInt8] = []
        json.reserveCapacity(256 + requestedAtThroughEnd.count)
        write(notificationId: notificationId, recipientId: recipientId, role: role, channel: channel, address: address,
              priority: priority, to: &json)
        return Data(json)
    }

    /// Appends the notification's JSON to `json`: the fast path, for writing straight into a
    /// record batch.
    public func write(
        notificationId: String, recipientId: String, role: NotificationRequested.RecipientRole,
        channel: NotificationRequested.Channel, address: String?, priority: Int, to json: inout [UInt8]
    ) {
        if let address {
            json.append(contentsOf: Self.addressKey)
            Self.append(address, to: &json)
            json.append(UInt8(ascii: ","))
        } else {
            json.append(UInt8(ascii: "{"))
        }
        json.append(contentsOf: alertIdThroughChannelKey)
        Self.append(channel.rawValue, to: &json)
        json.append(contentsOf: exerciseThroughIdKey)
        Self.append(notificationId, to: &json)
        json.append(contentsOf: Self.priorityKey)
        if (0...9).contains(priority) {
            json.append(UInt8(ascii: "0") + UInt8(priority))
        } else {
            json.append(contentsOf: String(priority).utf8)
        }
        json.append(contentsOf: Self.recipientIdKey)
        Self.append(recipientId, to: &json)
        json.append(contentsOf: Self.recipientRoleKey)
        Self.append(role.rawValue, to: &json)
        json.append(contentsOf: requestedAtThroughEnd)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string as Foundation writes it: quote, backslash and control characters escaped,
    /// everything else (slashes and non-ASCII included) as UTF-8.
    static func string(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 2)
        append(value, to: &out)
        return out
    }

    /// Appends ``string(_:)``'s bytes of `value` to `out`: in one copy when nothing needs escaping
    /// (ids, phones, enum values: every per-recipient field of a fan-out), byte by byte otherwise.
    static func append(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            out.append(UInt8(ascii: "\""))
            if bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                for byte in bytes { appendEscaped(byte, to: &out) }
            } else {
                out.append(contentsOf: bytes)
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
        case 0x0c: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
        case 0x0a: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0d: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0..<0x20: out.append(contentsOf: "\\u00".utf8); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0x0f)])
        default: out.append(byte)
        }
    }
}
