import Foundation
import Kafka
import KafkaTestSupport
import ServiceKit
import Testing

/// Each service trusts only tokens scoped to it: a token of another department, with every role
/// there is, is refused on every write route of every service before anything is read or done.
@Suite("token scope on every write route", .serialized)
struct TokenScopeTests {
    @Test("a token scoped to another service gets 403 token-not-scoped on every write route of the four services",
          .timeLimit(.minutes(4)))
    func otherDepartmentsTokensAreRefused() async throws {
        let broker = try EmbeddedKafkaBroker(brokers: 1, logger: quietLogger)
        try broker.createCatalogTopics()
        let services = try await StackTests.launchRootStack(on: broker)
        defer { for (_, service) in services { kill(service.process.processIdentifier, SIGKILL) } }
        let departments = services.map(\.name)
        let stack = Dictionary(uniqueKeysWithValues: services)

        var refused = 0
        var admitted: [String] = []
        for (name, service) in services {
            let (_, document) = try #require(await service.request("GET", "openapi.yaml", token: "none"))
            let operations = try ExtremeInputTests.writeOperations(String(decoding: document, as: UTF8.self))
            #expect(!operations.isEmpty)
            for (method, path, _) in operations {
                for other in departments where other != name {
                    let answer = await service.request(method, path, token: "root-\(other)", body: "{}")
                    let problem = answer.flatMap { try? JSONSerialization.jsonObject(with: $0.1) as? [String: Any] }
                    if answer?.0 == 403, (problem?["type"] as? String)?.hasSuffix("token-not-scoped") == true {
                        refused += 1
                    } else {
                        admitted.append("\(other)'s token at \(name): \(method) /\(path) -> \(answer?.0 ?? 0)")
                    }
                }
            }
        }
        #expect(admitted == [])
        #expect(refused > 90, "every write route, three foreign tokens each")
        // The registration approver of the issue: approves applications, not relief's payroll runs.
        let payroll = await stack["relief"]!.request("POST", "v1/payroll-runs/RUN-dibao-2027-01-1/approval", token: "approver")
        #expect(payroll?.0 == 403)
        // A token of the service's own department is not refused for its scope.
        let own = await stack["relief"]!.request("POST", "v1/payroll-runs/RUN-dibao-2027-01-1/approval", token: "root-relief")
        #expect(own?.0 == 404)

        // Each service keeps its own audit trail: the one act that took effect there, none of the refused ones.
        let acts: [(String, ServiceProcess, String, String)] = [
            ("registration", stack["registration"]!, "v1/households", #"{"areaCode":"330106001001"}"#),
            ("relief", stack["relief"]!, "v1/payroll-runs", #"{"program":"dibao","period":"2027-01"}"#),
            ("alerts", stack["alerts"]!, "v1/shelters",
             #"{"shelterId":"SH-AUDIT","name":"审计测试安置点","areaCode":"330106001001","capacity":10,"location":{"latitude":30.26,"longitude":120.14}}"#),
            ("organizations", stack["organizations"]!, "v1/filings", #"""
                {"kind":"name-reservation","details":{"name":"西湖区老年人体育协会","kind":"social-group","domicileAreaCode":"330106"},
                 "documents":[{"title":"名称预先核准申请表","receivedOn":"2026-11-30"}]}
                """#),
        ]
        for (name, service, path, body) in acts {
            let created = await service.request("POST", path, token: "root-\(name)", body: body)
            #expect(created?.0 == 201, "\(name): \(created.map { String(decoding: $0.1, as: UTF8.self) } ?? "")")
            let trail = StackTests.list(await service.request("GET", "v1/audit?staff=staff-0999", token: "root-\(name)"))
            #expect(trail.count == 1 && trail.first?["path"] as? String == "/" + path, "\(name): \(trail)")
        }
        broker.shutdown()
    }
}
