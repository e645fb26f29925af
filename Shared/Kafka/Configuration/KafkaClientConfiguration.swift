import Foundation

/// Settings every Kafka client shares. Typed fields cover what our services set; `properties`
/// passes any other librdkafka property through unchanged (TLS and SASL in production, tuning),
/// and an unknown or invalid one fails at start-up with a message naming it.
public struct KafkaClientConfiguration: Sendable {
    /// `host:port[,host:port...]`.
    public var bootstrapServers: String
    /// Names this client in broker logs and metrics labels.
    public var clientID: String
    /// How often librdkafka reports statistics to swift-metrics; `nil` turns statistics off.
    public var statisticsInterval: Duration?
    /// Any librdkafka property (see librdkafka's CONFIGURATION.md). Applied after the typed
    /// settings, so it wins on conflict.
    public var properties: [String: String]

    public init(
        bootstrapServers: String,
        clientID: String = "civil-affairs",
        statisticsInterval: Duration? = .seconds(5),
        properties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.statisticsInterval = statisticsInterval
        self.properties = properties
    }

    /// Reads `key=value,key=value` (the form of a service's `kafka.properties` setting and of
    /// `civil-topics --kafka-properties`); nil when a pair has no `=` or an empty key.
    public static func properties(parsing text: String) -> [String: String]? {
        var properties: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { return nil }
            properties[parts[0]] = parts[1]
        }
        return properties
    }

    var librdkafkaProperties: [(String, String)] {
        var result = [
            ("bootstrap.servers", bootstrapServers),
            ("client.id", clientID),
            // Reconnect quickly after a broker outage; the defaults back off up to 10 s.
            ("reconnect.backoff.max.ms", "1000"),
            // A client never creates a topic by naming it: topics come from the catalog, and a
            // missing one must be an error, not a topic with default settings.
            ("allow.auto.create.topics", "false"),
        ]
        if let statisticsInterval {
            result.append(("statistics.interval.ms", String(statisticsInterval.milliseconds)))
        }
        return result
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
