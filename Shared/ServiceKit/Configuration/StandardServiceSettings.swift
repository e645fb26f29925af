import Foundation

/// The standard settings as every service reads them at start-up, checked once.
public struct StandardServiceSettings: Sendable {
    public let database: DatabaseLocation
    public let kafkaBootstrap: String
    public let tokens: TokenDirectory
    public let host: ServiceHost
    public let maxBodyBytes: Int
    public let drainDelay: Duration

    /// - Parameter signals: false in tests that stop the service themselves.
    public init(_ configuration: ServiceConfiguration, defaultDatabase: String, signals: Bool = true) throws(ConfigurationError) {
        database = try configuration.value(StandardSettings.databaseURL) { try? DatabaseLocation($0) }
            ?? .sqlite(path: defaultDatabase)
        let port = try configuration.port(StandardSettings.httpPort)
        kafkaBootstrap = try configuration.requiredString(StandardSettings.kafkaBootstrap)
        tokens = try configuration.required(StandardSettings.authTokens) { try? TokenDirectory(entries: $0) }
        host = ServiceHost(
            host: configuration.string(StandardSettings.httpHost) ?? "127.0.0.1", port: port,
            grace: try configuration.seconds(StandardSettings.shutdownGrace), signals: signals ? [.sigterm, .sigint] : [])
        maxBodyBytes = try configuration.positiveInt(StandardSettings.httpMaxBodyBytes)
        drainDelay = try configuration.seconds(StandardSettings.shutdownDrainDelay)
    }
}
