/// The settings every service has. A service lists these plus its own.
public enum StandardSettings {
    public static let httpHost = SettingKey(
        "http.host", form: "an IP address or host name", summary: "Address the HTTP server listens on.",
        default: "127.0.0.1")
    public static let httpPort = SettingKey(
        "http.port", form: "a port number 0-65535", summary: "Port the HTTP server listens on (0: any free port).")
    public static let httpMaxBodyBytes = SettingKey(
        "http.maxBodyBytes", form: "a positive number of bytes", summary: "Largest request body accepted.",
        default: "1048576")
    public static let httpIdleTimeout = SettingKey(
        "http.idleTimeout", form: "seconds",
        summary: "A connection is closed when no complete request head arrives for this long: between requests, and while a slow client sends one (0: never).",
        default: "30")
    public static let httpPublicRequestsPerMinute = SettingKey(
        "http.publicRequestsPerMinute", form: "a positive number",
        summary: "Requests a minute one client address may make to the paths served without a token (then 429 with Retry-After).",
        default: "120")
    public static let kafkaBootstrap = SettingKey(
        "kafka.bootstrap", form: "host:port[,host:port...]", summary: "Kafka bootstrap servers.")
    public static let kafkaProperties = SettingKey(
        "kafka.properties", form: "comma-separated librdkafka key=value pairs",
        summary: "Passed to every Kafka client unchanged: TLS and SASL (security.protocol, sasl.*, ssl.*), timeouts.",
        secret: true)
    public static let databaseURL = SettingKey(
        "database.url", form: "a SQLite file path or postgres://user:password@host:port/database",
        summary: "Where the service keeps its data (default: a SQLite file under data/).", secret: true)
    public static let authTokens = SettingKey(
        "auth.tokens", form: "lines '<sha256 of token> <staff id> <department> <role,role>'",
        summary: "Staff bearer tokens, as hashes (see civil-token).", secret: true)
    public static let shutdownGrace = SettingKey(
        "shutdown.grace", form: "seconds", summary: "Time allowed to finish work after SIGTERM.", default: "30")
    public static let shutdownDrainDelay = SettingKey(
        "shutdown.drainDelay", form: "seconds",
        summary: "Time readiness fails before the HTTP server stops accepting.", default: "0")

    public static let all = [
        httpHost, httpPort, httpMaxBodyBytes, httpIdleTimeout, httpPublicRequestsPerMinute, kafkaBootstrap, kafkaProperties, databaseURL, authTokens, shutdownGrace,
        shutdownDrainDelay,
    ]
}
