import Contracts
import Hummingbird
import Kafka
import Logging
import ServiceLifecycle

/// The start-up every service shares: settings, the catalog's topics checked, the database
/// opened and migrated, the producer and outbox relay, readiness, the HTTP router with the
/// service's OpenAPI document, then the lifecycle until SIGTERM. A service adds only its own
/// parts (its desks, routes, consumers) in `assemble`.
public struct ServiceBuilder: Sendable {
    /// What a service needs to assemble its own parts.
    public struct Parts {
        public let settings: StandardServiceSettings
        public let client: KafkaClientConfiguration
        public let database: ServiceDatabase
        public let producer: KafkaProducer
        public let router: Router<ServiceRequestContext>
        /// Where the service's consumers report themselves stalled; readiness reads it.
        public let health: ConsumerHealth
        public let logger: Logger

        /// A consumer in `group` of `topics`, which the service must add to the services it returns.
        public func consumer(group: String, topics: [String]) throws -> KafkaConsumer {
            try KafkaConsumer(configuration: KafkaConsumerConfiguration(client: client, groupID: group, topics: topics), logger: logger)
        }

        /// The dead-letter publisher of a consumer group.
        public func deadLetters(group: String) -> DeadLetterPublisher {
            DeadLetterPublisher(producer: producer, consumer: group)
        }
    }

    public let name: String
    public let service: CivilService
    public let defaultDatabase: String
    public let migrations: [DatabaseMigration]
    public let openAPI: OpenAPIDocument
    /// A topic whose metadata the readiness probe fetches to tell the broker is reachable.
    public let readinessTopic: String
    /// Paths served without a token (besides health, metrics and the OpenAPI document).
    public var publicPrefixes: [String] = []
    /// Paths other systems call back with a key of their own: no token, no per-client limit.
    public var callbackPrefixes: [String] = []
    /// How long the producer of the outbox lets records gather before it sends them.
    public let outboxLinger: Duration

    public init(
        name: String, service: CivilService, defaultDatabase: String, migrations: [DatabaseMigration],
        openAPI: OpenAPIDocument, readinessTopic: String, publicPrefixes: [String] = [], callbackPrefixes: [String] = [],
        outboxLinger: Duration = .milliseconds(5)
    ) {
        self.outboxLinger = outboxLinger
        self.name = name
        self.service = service
        self.defaultDatabase = defaultDatabase
        self.migrations = migrations
        self.openAPI = openAPI
        self.readinessTopic = readinessTopic
        self.publicPrefixes = publicPrefixes
        self.callbackPrefixes = callbackPrefixes
    }

    /// Runs until SIGTERM or SIGINT (or, with `signals` false, until the task is cancelled).
    /// - Parameter assemble: adds the service's routes to `parts.router` and returns its own
    ///   long-running parts (consumers, workers); the producer and relay are already running.
    public func run(
        _ configuration: ServiceConfiguration, logger: Logger, signals: Bool = true,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in },
        assemble: (Parts) async throws -> [any Service]
    ) async throws {
        if let error = openAPI.loadError { throw error }
        let settings = try StandardServiceSettings(configuration, defaultDatabase: defaultDatabase, signals: signals)
        let client = settings.kafkaClient(id: name)
        let admin = try KafkaAdmin(client: client, logger: logger)
        try await admin.requireCatalogTopics(of: service)
        logger.info("opening database", metadata: ["database": "\(settings.database)"])
        try await ServiceDatabase.serving(settings.database, migrations: migrations, logger: logger) { database in
            let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client, linger: outboxLinger), logger: logger)
            let health = ConsumerHealth()
            let readiness = Readiness(
                checks: [.database(database), .kafka(admin, topic: readinessTopic), .consumers(health)],
                drainDelay: settings.drainDelay)
            let router = ServiceRouter.make(
                service: service, tokens: settings.tokens, audit: database, readiness: readiness, openAPI: openAPI, maxBodyBytes: settings.maxBodyBytes,
                logger: logger, publicPrefixes: publicPrefixes, publicLimit: RateLimiter(perMinute: settings.publicRequestsPerMinute),
                callbackPrefixes: callbackPrefixes)
            let own = try await assemble(Parts(
                settings: settings, client: client, database: database, producer: producer, router: router, health: health,
                logger: logger))
            try await settings.host.run(
                name: name, router: router, readiness: readiness,
                services: [producer, OutboxRelay(database: database, producer: producer, logger: logger)] + own,
                closing: database, admin: admin, logger: logger, onListening: onListening,
                beforeClosing: { database in
                    let left = try await database.withConnection { try await Outbox.backlog(in: $0) }
                    if left > 0 { throw UndeliveredEvents(count: left) }
                })
        }
    }
}

/// The service stopped with events still in its outbox (the broker was away): they are kept and
/// published at the next start, and the exit status says the drain was not complete.
public struct UndeliveredEvents: Error, CustomStringConvertible {
    public let count: Int
    public var description: String { "\(count) events are still in the outbox; they are published at the next start" }
}
