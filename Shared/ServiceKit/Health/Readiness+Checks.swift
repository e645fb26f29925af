import Kafka

extension Readiness.Check {
    /// The database answers a trivial query.
    public static func database(_ database: ServiceDatabase) -> Readiness.Check {
        Readiness.Check("database") {
            do {
                try await database.withConnection { try await $0.raw("SELECT 1").run() }
                return nil
            } catch {
                return "the database does not answer (\(String(reflecting: type(of: error))))"
            }
        }
    }

    /// A broker answers a metadata request for `topic` (a topic the service needs).
    public static func kafka(_ admin: KafkaAdmin, topic: String) -> Readiness.Check {
        Readiness.Check("kafka") {
            do {
                _ = try await admin.describeTopic(topic, timeout: .seconds(2))
                return nil
            } catch {
                return "no broker answers for \(topic): \(error)"
            }
        }
    }
}
