import Contracts
import Foundation
import Kafka
import KafkaTestSupport
import Registration
import ServiceKit
import SQLKit
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The registration-service executable, started as operators start it.
@Suite("registration-service as a process", .serialized)
struct ServiceProcessTests {
    static let executable: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("registration-service")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/registration-service")
    }()

    struct Started {
        let process: Process
        let stderr: Pipe
        let port: Int
        let databasePath: String
    }

    static func freePort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func launch(environment extra: [String: String], arguments: [String] = [], removing: Set<String> = []) throws -> Started {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registration-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let areas = folder.appendingPathComponent("areas.json")
        try JSONEncoder().encode(RegistrationFixture.areas.areas.values.sorted { $0.code < $1.code }).write(to: areas)
        let port = try freePort()
        let databasePath = folder.appendingPathComponent("registration.sqlite").path
        var environment = [
            "HTTP_PORT": String(port), "DATABASE_URL": databasePath, "AREAS_FILE": areas.path,
            "AUTH_TOKENS": "\(TokenDirectory.hash(ofToken: "caseworker")) staff-0042 registration caseworker",
            "PSEUDONYM_KEY": Data(repeating: 42, count: 32).base64EncodedString(), "SHUTDOWN_GRACE": "10",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
        ].merging(extra) { $1 }
        for key in removing { environment.removeValue(forKey: key) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return Started(process: process, stderr: stderr, port: port, databasePath: databasePath)
    }

    static func request(_ method: String, _ url: URL, body: String? = nil) async -> Int? {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 10
        request.setValue("Bearer caseworker", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }

    static func waitForExit(_ process: Process, within limit: Duration) async throws {
        try await within(limit, "the process exits") {
            while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        }
    }

    @Test("--help lists every setting and exits 0")
    func help() async throws {
        let started = try Self.launch(environment: [:], arguments: ["--help"])
        try await Self.waitForExit(started.process, within: .seconds(30))
        #expect(started.process.terminationStatus == 0)
    }

    @Test("start-up stops with a message naming a missing or malformed setting")
    func startUpFailures() async throws {
        let missing = try Self.launch(environment: [:], removing: ["KAFKA_BOOTSTRAP"])
        try await Self.waitForExit(missing.process, within: .seconds(30))
        let missingText = String(decoding: missing.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(missing.process.terminationStatus == 2)
        #expect(missingText.contains("kafka.bootstrap (--kafka-bootstrap or KAFKA_BOOTSTRAP) is missing"))

        let malformed = try Self.launch(environment: ["KAFKA_BOOTSTRAP": "127.0.0.1:1", "PSEUDONYM_KEY": "c2hvcnQ="])
        try await Self.waitForExit(malformed.process, within: .seconds(30))
        let malformedText = String(decoding: malformed.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(malformed.process.terminationStatus == 2)
        #expect(malformedText.contains("pseudonym.key (--pseudonym-key or PSEUDONYM_KEY) is malformed"))
        #expect(!malformedText.contains("c2hvcnQ="), "a secret's value is never printed")
    }

    @Test("SIGTERM during a burst: every 2xx has its effect stored, and the process exits 0", .timeLimit(.minutes(3)))
    func sigtermDuringBurst() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics(TopicCatalog.written(by: .registration))
        let started = try Self.launch(environment: ["KAFKA_BOOTSTRAP": broker.bootstrapServers])
        let base = URL(string: "http://127.0.0.1:\(started.port)")!
        try await within(.seconds(60), "ready") {
            while await Self.request("GET", base.appendingPathComponent("health/ready")) != 200 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let url = base.appendingPathComponent("v1/households")
        let created = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<150 {
                group.addTask {
                    if index == 50 { started.process.terminate() }  // SIGTERM
                    return await Self.request("POST", url, body: #"{"areaCode":"330106001001"}"#) == 201
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        try await Self.waitForExit(started.process, within: .seconds(30))
        #expect(started.process.terminationReason == .exit)
        #expect(started.process.terminationStatus == 0)
        print("registration-service SIGTERM burst: \(created) of 150 households created before it stopped")

        let database = try await ServiceDatabase(.sqlite(path: started.databasePath), logger: quietLogger)
        let (stored, backlog) = try await database.withConnection { database in
            (try await database.select().column("id").from("households").all().count, try await Outbox.backlog(in: database))
        }
        #expect(created > 0)
        #expect(stored == created, "a 2xx without its household, or a household without a 2xx")
        print("outbox rows left for the next start: \(backlog)")
        try await database.close()
        broker.shutdown()
    }
}
