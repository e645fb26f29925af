import Foundation
import Kafka

/// The standard settings as every service reads them at start-up, checked once.
public struct StandardServiceSettings: Sendable {
    public let database: DatabaseLocation
    public let kafkaBootstrap: String
    /// librdkafka properties from `kafka.properties`; an unknown or invalid one fails when the
    /// first client is made, naming it.
    public let kafkaProperties: [String: String]
    public let tokens: TokenDirectory
    public let host: ServiceHost
    public let maxBodyBytes: Int
    public let publicRequestsPerMinute: Int
    public let drainDelay: Duration

    /// - Parameter signals: false in tests that stop the service themselves.
    public init(_ configuration: ServiceConfiguration, defaultDatabase: String, signals: Bool = true) throws(ConfigurationError) {
        database = try configuration.value(StandardSettings.databaseURL) { try? DatabaseLocation($0) }
            ?? .sqlite(path: defaultDatabase)
        let port = try configuration.port(StandardSettings.httpPort)
        kafkaBootstrap = try configuration.requiredString(StandardSettings.kafkaBootstrap)
        kafkaProperties = try configuration.value(StandardSettings.kafkaProperties, KafkaClientConfiguration.properties(parsing:))
            ?? [:]
        tokens = try configuration.required(StandardSettings.authTokens) { try? TokenDirectory(entries: $0) }
        host = ServiceHost(
            host: configuration.string(StandardSettings.httpHost) ?? "127.0.0.1", port: port,
            grace: try configuration.seconds(StandardSettings.shutdownGrace), signals: signals ? [.sigterm, .sigint] : [],
            idleTimeout: try configuration.seconds(StandardSettings.httpIdleTimeout))
        maxBodyBytes = try configuration.positiveInt(StandardSettings.httpMaxBodyBytes)
        publicRequestsPerMinute = try configuration.positiveInt(StandardSettings.httpPublicRequestsPerMinute)
        drainDelay = try configuration.seconds(StandardSettings.shutdownDrainDelay)
    }

    /// The client settings for one of the service's Kafka clients.
    public func kafkaClient(id: String) -> KafkaClientConfiguration {
        KafkaClientConfiguration(bootstrapServers: kafkaBootstrap, clientID: id, properties: kafkaProperties)
    }
}
