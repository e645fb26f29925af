import struct Foundation.Data

/// A Kafka record header. A `nil` value is legal and distinct from an empty one.
public struct KafkaHeader: Sendable, Hashable {
    public var name: String
    public var value: Data?

    public init(name: String, value: Data?) {
        self.name = name
        self.value = value
    }

    public init(name: String, string: String) {
        self.init(name: name, value: Data(utf8Of: string))
    }

    /// The value as UTF-8 text, or `nil` when absent or not valid UTF-8.
    public var stringValue: String? { value.flatMap { String(data: $0, encoding: .utf8) } }
}

extension Array where Element == KafkaHeader {
    /// The value of the first header with this name, as text (CloudEvents `ce_*` headers are text).
    public func first(named name: String) -> String? {
        first { $0.name == name }?.stringValue
    }
}

extension Data {
    /// The UTF-8 bytes of `string`, copied in one go: `Data(string.utf8)` takes the generic
    /// sequence path, byte by byte, which was 7% of an alert worker's time (8 headers a record).
    init(utf8Of string: String) {
        var string = string
        self = string.withUTF8 { Data($0) }
    }
}
