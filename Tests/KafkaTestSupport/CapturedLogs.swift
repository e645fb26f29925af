import Logging
import Synchronization

/// Keeps the log records a component emits, to check what reaches the log (librdkafka's
/// records, access logs) and what must not (personal data).
public final class CapturedLogs: Sendable {
    public let records = Mutex<[(Logger.Level, String, Logger.Metadata?)]>([])

    public init() {}

    /// A logger at trace level that records here.
    public var logger: Logger {
        var logger = Logger(label: "captured") { _ in CapturingHandler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every record as one line: level, message and metadata.
    public var text: String {
        records.withLock { $0.map { "\($0.0) \($0.1) \($0.2 ?? [:])" }.joined(separator: "\n") }
    }

    struct CapturingHandler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            sink.records.withLock { $0.append((event.level, "\(event.message)", merged)) }
        }
    }
}
