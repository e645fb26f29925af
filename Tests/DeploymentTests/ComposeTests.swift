import Alerts
import Contracts
import Foundation
import Organizations
import Registration
import Relief
import ServiceKit
import Testing
import Yams

/// docker-compose.yml read as Compose reads it, checked against what the code says the services
/// need: there is no Docker engine here, so these checks are what stands between a renamed
/// setting and a stack that does not start.
@Suite("docker-compose.yml")
struct ComposeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Expected: Sendable, CustomTestStringConvertible {
        let compose: String
        let executable: String
        let settings: [SettingKey]
        let openAPI: OpenAPIDocument
        let demoFolder: String
        var testDescription: String { compose }
    }

    static let services = [
        Expected(compose: "registration", executable: "registration-service", settings: RegistrationService.settings,
                 openAPI: RegistrationOpenAPI.document, demoFolder: "Services/Registration/demo"),
        Expected(compose: "relief", executable: "relief-service", settings: ReliefService.settings,
                 openAPI: ReliefOpenAPI.document, demoFolder: "Services/Relief/demo"),
        Expected(compose: "organizations", executable: "organizations-service", settings: OrganizationsService.settings,
                 openAPI: OrganizationsOpenAPI.document, demoFolder: "Services/Organizations/demo"),
        Expected(compose: "alerts", executable: "alerts-service", settings: AlertsService.settings,
                 openAPI: AlertsOpenAPI.document, demoFolder: "Services/Alerts/demo"),
    ]

    static func compose() throws -> [String: Any] {
        let text = try String(contentsOf: root.appendingPathComponent("docker-compose.yml"), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static func service(_ name: String) throws -> [String: Any] {
        let services = try #require(try compose()["services"] as? [String: Any])
        return try #require(services[name] as? [String: Any], "no service '\(name)'")
    }

    @Test("Kafka is Apache Kafka 4 in KRaft mode with a health check; the topic job creates every catalog topic")
    func kafkaAndTopics() throws {
        let kafka = try Self.service("kafka")
        #expect((kafka["image"] as? String)?.hasPrefix("apache/kafka:4.") == true)
        let environment = try #require(kafka["environment"] as? [String: Any])
        #expect((environment["KAFKA_PROCESS_ROLES"] as? String)?.contains("controller") == true)
        #expect(environment["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] as? String == "false")
        #expect(kafka["healthcheck"] != nil)
        #expect(kafka["profiles"] == nil, "Kafka runs under every profile")
        let topics = try Self.service("topics")
        let command = try #require(topics["command"] as? [String])
        #expect(command.first == "civil-topics" && command.contains("--create"))
        #expect(!command.contains("--service"), "every catalog topic is created")
        #expect(topics["profiles"] == nil)
    }

    @Test("each service: its executable, its own profile, started after Kafka and the topics, every required setting given, a readiness probe on a path it serves",
          arguments: services)
    func service(_ expected: Expected) throws {
        let service = try Self.service(expected.compose)
        #expect((service["command"] as? [String])?.first == expected.executable)
        #expect(Set(service["profiles"] as? [String] ?? []) == [expected.compose, "all"])
        let dependencies = try #require(service["depends_on"] as? [String: Any])
        #expect((dependencies["kafka"] as? [String: Any])?["condition"] as? String == "service_healthy")
        #expect((dependencies["topics"] as? [String: Any])?["condition"] as? String == "service_completed_successfully")

        // Settings: from the environment, or a file in the secrets volume the secrets job fills.
        let environment = try #require(service["environment"] as? [String: Any])
        let secretsJob = try #require((try Self.service("secrets")["command"] as? [String])?.joined())
        let optional: Set<String> = [StandardSettings.databaseURL.name, StandardSettings.kafkaProperties.name]
        for key in expected.settings where key.defaultValue == nil && !optional.contains(key.name) {
            let given = environment[key.environmentVariable] != nil
                || (environment["SECRETS_DIRECTORY"] != nil && secretsJob.contains(key.secretFileName))
            #expect(given, "\(expected.compose): \(key.name) (\(key.environmentVariable)) is not given")
        }
        for name in environment.keys {
            #expect(expected.settings.contains { $0.environmentVariable == name } || name == "SECRETS_DIRECTORY",
                    "\(expected.compose): \(name) is not a setting of \(expected.executable)")
        }
        // Files named in settings are demo files the image copies from the repository.
        for case let (name, value as String) in environment where name.hasSuffix("_FILE") {
            let file = URL(fileURLWithPath: value).lastPathComponent
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(expected.demoFolder + "/" + file).path),
                    "\(expected.compose): \(value)")
        }

        // The probe asks the service's own port for a path its OpenAPI document lists.
        let port = try #require(environment["HTTP_PORT"] as? String)
        let probe = try #require((service["healthcheck"] as? [String: Any])?["test"] as? [String])
        let url = try #require(probe.first { $0.hasPrefix("http://") }.flatMap(URL.init(string:)))
        #expect(url.port == Int(port))
        #expect(try expected.openAPI.operations().contains(OpenAPIDocument.Operation(method: "GET", path: url.path)))
        #expect((service["ports"] as? [String]) == ["\(port):\(port)"])
    }

    @Test("each service mounts only its own folder of the secrets volume; only registration's holds the pseudonym key",
          arguments: services)
    func ownSecretsOnly(_ expected: Expected) throws {
        let service = try Self.service(expected.compose)
        let mounts = (service["volumes"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
            .filter { $0["source"] as? String == "secrets" }
        #expect(mounts.count == 1, "\(expected.compose) mounts the secrets volume once, by its own subpath")
        for mount in mounts {
            #expect((mount["volume"] as? [String: Any])?["subpath"] as? String == expected.compose)
            #expect(mount["read_only"] as? Bool == true)
        }
        #expect(!(service["volumes"] as? [Any] ?? []).contains { ($0 as? String)?.hasPrefix("secrets:") == true },
                "\(expected.compose) mounts the whole secrets volume")
        let secretsJob = try #require((try Self.service("secrets")["command"] as? [String])?.joined())
        let keyFiles = secretsJob.matches(of: /([a-z]+)\/pseudonym-key/).map { String($0.output.1) }
        #expect(!keyFiles.isEmpty && keyFiles.allSatisfy { $0 == "registration" }, "the pseudonym key is written only for registration")
        let needsKey = expected.settings.contains { $0.name == "pseudonym.key" }
        #expect(needsKey == (expected.compose == "registration"), "only registration reads a pseudonym key")
    }

    @Test("the image builds every executable the compose file runs, one `swift build --product` each")
    func imageHasExecutables() throws {
        let dockerfile = try String(contentsOf: Self.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        // `swift build` keeps only the last of several --product options, so the Dockerfile loops.
        let loop = try #require(dockerfile.range(of: #"for product in ([a-z\s\\-]+); do"#, options: .regularExpression))
        let built = Set(dockerfile[loop].dropFirst("for product in".count).dropLast("; do".count)
            .split(whereSeparator: { $0 == " " || $0 == "\\" || $0 == "\n" }).map(String.init))
        #expect(dockerfile.contains(#"--product "$product""#))
        let services = try #require(try Self.compose()["services"] as? [String: Any])
        let commands = services.values.compactMap { ($0 as? [String: Any])?["command"] as? [String] }.compactMap(\.first)
        for executable in Set(commands) where executable != "/bin/sh" && !executable.hasPrefix("set") {
            #expect(built.contains(executable), "\(executable)")
        }
        #expect(built.contains("civil-token"))
        #expect(built.contains("civil-topics"))
    }
}
