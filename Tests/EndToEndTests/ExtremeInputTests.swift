import Foundation
import Kafka
import KafkaTestSupport
import ServiceKit
import Testing
import Yams

/// Every write route of the four running services, sent the inputs that break careless code:
/// the 64-bit limits, -1 and 0 in every field of the body, very long strings, JSON nested
/// thousands deep, bytes that are not UTF-8. Each must be answered below 500 (a refusal, or
/// an ordinary answer where the value is lawful), and every process must still be alive after.
@Suite("extreme input to every write route", .serialized)
struct ExtremeInputTests {
    static let allRoles = "caseworker,approver,auditor,finance-officer,duty-officer,area-officer,alert-operator,clerk,registrar"

    /// Bodies for an operation whose JSON body has these property names.
    static func bodies(properties: [String]) -> [(String, Data)] {
        func object(_ value: String) -> Data {
            Data(("{" + properties.map { "\"\($0)\":\(value)" }.joined(separator: ",") + "}").utf8)
        }
        let long = "\"" + String(repeating: "灾", count: 20_000) + "\""
        var bodies: [(String, Data)] = [
            ("Int64.max", object("9223372036854775807")), ("Int64.min", object("-9223372036854775808")),
            ("-1", object("-1")), ("0", object("0")), ("2^64", object("18446744073709551616")), ("1e400", object("1e400")),
            ("a long string", object(long)), ("null", object("null")),
            ("nested 5000 deep", Data((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8)),
            ("not UTF-8", Data([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0xFF, 0xFE, 0x7D])),
            ("a bare number", Data("9223372036854775807".utf8)),
        ]
        if properties.isEmpty { bodies.removeAll { ["-1", "0", "null"].contains($0.0) } }
        return bodies
    }

    /// (method, path with parameters filled, property names of the JSON body) for every write operation.
    static func writeOperations(_ yaml: String) throws -> [(String, String, [String])] {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any], let paths = root["paths"] as? [String: Any] else { return [] }
        var operations: [(String, String, [String])] = []
        for (path, item) in paths {
            for (method, operation) in item as? [String: Any] ?? [:] where ["post", "put", "patch", "delete"].contains(method) {
                let filled = path.replacingOccurrences(of: #"\{[^}]+\}"#, with: "X-1", options: .regularExpression)
                let schema = ((((operation as? [String: Any])?["requestBody"] as? [String: Any])?["content"] as? [String: Any])?[
                    "application/json"] as? [String: Any])?["schema"] as? [String: Any]
                let properties = (schema?["properties"] as? [String: Any]).map { Array($0.keys).sorted() } ?? []
                operations.append((method.uppercased(), String(filled.dropFirst()), properties))
            }
        }
        return operations.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    }

    @Test("every write route answers extreme values with a 4xx (or an ordinary answer) and no process dies",
          .timeLimit(.minutes(6)))
    func extremeValues() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let services = try await StackTests.launchRootStack(on: broker)
        defer { for (_, service) in services { kill(service.process.processIdentifier, SIGKILL) } }

        var sent = 0
        var serverErrors: [String] = []
        for (name, service) in services {
            let (status, document) = try #require(await service.request("GET", "openapi.yaml", token: "none"))
            #expect(status == 200)
            for (method, path, properties) in try Self.writeOperations(String(decoding: document, as: UTF8.self)) {
                for (what, body) in Self.bodies(properties: properties) {
                    let answer = await service.request(
                        method, path, token: "root-\(name)", body: String(decoding: body, as: UTF8.self), timeout: 30)
                    sent += 1
                    let code = answer?.0 ?? 0
                    if code == 0 || code >= 500 { serverErrors.append("\(name) \(method) /\(path) with \(what): \(code)") }
                }
                #expect(service.process.isRunning, "\(name) died after \(method) /\(path)")
                guard service.process.isRunning else { return }
            }
        }
        print("extreme input: \(sent) requests to the write routes of four services")
        #expect(serverErrors == [], "answered 5xx or not at all")
        for (name, service) in services {
            #expect(await service.request("GET", "health/live", token: "none")?.0 == 200, "\(name) is alive")
        }
        broker.shutdown()
    }
}
