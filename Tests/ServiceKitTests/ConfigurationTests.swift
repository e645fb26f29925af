import Foundation
import ServiceKit
import Testing

@Suite("Service configuration")
struct ConfigurationTests {
    static let keys = StandardSettings.all

    func configuration(_ arguments: [String] = [], environment: [String: String] = [:]) async throws -> ServiceConfiguration {
        try await ServiceConfiguration(keys: Self.keys, arguments: ["svc"] + arguments, environment: environment)
    }

    @Test("a missing required key stops start-up with a message naming the key, its flag, variable and form")
    func missingKey() async throws {
        let configuration = try await configuration()
        do {
            _ = try configuration.port(StandardSettings.httpPort)
            Issue.record("no error")
        } catch {
            #expect(error.description == "configuration: http.port (--http-port or HTTP_PORT) is missing; expected a port number 0-65535")
        }
    }

    @Test("a malformed value names the value; a malformed secret does not")
    func malformedValue() async throws {
        let configuration = try await configuration(["--http-port", "80a"], environment: ["DATABASE_URL": "mysql://u:hunter2@h/d"])
        #expect(throws: ConfigurationError.self) { try configuration.port(StandardSettings.httpPort) }
        do {
            _ = try configuration.port(StandardSettings.httpPort)
        } catch {
            #expect(error.description.contains("is '80a'"))
        }
        do {
            _ = try configuration.required(StandardSettings.databaseURL) { try? DatabaseLocation($0) }
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("database.url"))
            #expect(!error.description.contains("hunter2"))
        }
        let tooBig = try await self.configuration(["--http-port=70000"])
        #expect(throws: ConfigurationError.self) { try tooBig.port(StandardSettings.httpPort) }
    }

    @Test("flags win over environment variables; defaults fill the rest; camel-case keys become kebab flags")
    func precedence() async throws {
        let configuration = try await configuration(
            ["--http-port", "8081", "--http-max-body-bytes", "2048", "--kafka-bootstrap", "k1:9092,k2:9092"],
            environment: ["HTTP_PORT": "9000", "SHUTDOWN_GRACE": "2.5", "KAFKA_BOOTSTRAP": "k9:9092"])
        #expect(try configuration.port(StandardSettings.httpPort) == 8081)
        #expect(try configuration.positiveInt(StandardSettings.httpMaxBodyBytes) == 2048)
        #expect(try configuration.seconds(StandardSettings.shutdownGrace) == .milliseconds(2500))
        #expect(try configuration.requiredString(StandardSettings.kafkaBootstrap) == "k1:9092,k2:9092")
        #expect(configuration.string(StandardSettings.httpHost) == "127.0.0.1")
        let fromEnvironment = try await self.configuration(environment: ["KAFKA_BOOTSTRAP": "k1:9092,k2:9092"])
        #expect(try fromEnvironment.requiredString(StandardSettings.kafkaBootstrap) == "k1:9092,k2:9092")
    }

    @Test("secrets are read from files in the secrets directory")
    func secretsDirectory() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "postgres://relief:pw@db:5432/relief\n".write(to: folder.appendingPathComponent("database-url"), atomically: true, encoding: .utf8)
        let configuration = try await configuration(["--secrets-directory", folder.path])
        #expect(try configuration.requiredString(StandardSettings.databaseURL) == "postgres://relief:pw@db:5432/relief")
        await #expect(throws: ConfigurationError.self) {
            _ = try await self.configuration(["--secrets-directory", folder.path + "-missing"])
        }
    }

    @Test("the help table lists every key with flag, variable and default, and hides secrets' defaults")
    func help() {
        let help = ServiceConfiguration.helpTable(for: Self.keys)
        #expect(help.contains("--http-max-body-bytes"))
        #expect(help.contains("HTTP_MAX_BODY_BYTES"))
        #expect(help.contains("1048576"))
        #expect(help.contains("--secrets-directory"))
        #expect(help.split(separator: "\n").count == Self.keys.count + 2)
    }
}
