import Hummingbird
import HummingbirdCore
import Kafka
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Runs a service: its HTTP server, its readiness, and its background services (consumers,
/// outbox relay, producer) in one `ServiceGroup`.
///
/// On SIGTERM (or SIGINT) readiness fails first and waits its drain delay, then the HTTP server
/// stops accepting and finishes the requests in hand, then the background services stop in the
/// reverse of the order given (list the producer first, then the relay, then the consumers), all
/// within `grace`. After `grace` whatever is left is cancelled.
public struct ServiceHost: Sendable {
    public var host: String
    /// 0 picks a free port (tests); `onListening` reports it.
    public var port: Int
    public var grace: Duration
    public var signals: [UnixSignal]
    /// How long a connection may go without a complete request head: Hummingbird's idle timer
    /// runs from the connection's start and from each response until the next head is decoded,
    /// so it bounds both idle keep-alive connections and clients that send their head slowly.
    public var idleTimeout: Duration

    public init(
        host: String, port: Int, grace: Duration = .seconds(30), signals: [UnixSignal] = [.sigterm, .sigint],
        idleTimeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.grace = grace
        self.signals = signals
        self.idleTimeout = idleTimeout
    }

    /// Returns once every service has stopped.
    public func run(
        name: String, router: Router<ServiceRequestContext>, readiness: Readiness, services: [any Service],
        logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let application = Application(
            router: router,
            server: .http1(configuration: HTTP1Channel.Configuration(idleTimeout: idleTimeout > .zero ? TimeAmount(idleTimeout) : nil)),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: name),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        var configuration = ServiceGroupConfiguration(
            services: (services + [application, readiness]).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: signals, logger: logger)
        configuration.maximumGracefulShutdownDuration = grace
        try await ServiceGroup(configuration: configuration).run()
    }

    /// Runs as ``run(name:router:readiness:services:logger:onListening:)``, then closes `database`
    /// and `admin` however the group stopped (a grace period that ran out included), so that
    /// every committed transaction is checkpointed before the process exits.
    /// - Parameter beforeClosing: a last look at the database once every service has stopped
    ///   (e.g. whether the outbox drained); what it throws is the run's outcome.
    public func run(
        name: String, router: Router<ServiceRequestContext>, readiness: Readiness, services: [any Service],
        closing database: ServiceDatabase, admin: KafkaAdmin, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in },
        beforeClosing: (ServiceDatabase) async throws -> Void = { _ in }
    ) async throws {
        do {
            try await run(name: name, router: router, readiness: readiness, services: services, logger: logger, onListening: onListening)
        } catch {
            await admin.shutdown()
            try? await database.close()
            throw error
        }
        await admin.shutdown()
        do {
            try await beforeClosing(database)
        } catch {
            try? await database.close()
            throw error
        }
        try await database.close()
    }
}
