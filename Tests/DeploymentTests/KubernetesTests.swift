import Alerts
import Contracts
import Foundation
import ServiceKit
import Testing
import Yams

/// The Kubernetes manifests under deploy/, read as YAML and checked against the code: the
/// Strimzi resources are the catalog's, each Deployment gets every setting its service needs and
/// probes paths it serves, and the KEDA scaler watches the dispatch topic within its partitions.
@Suite("deploy/ manifests")
struct KubernetesTests {
    static let base = ComposeTests.root.appendingPathComponent("deploy/base")

    static func documents(_ file: String) throws -> [[String: Any]] {
        let text = try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)
        return try Yams.load_all(yaml: text).compactMap { $0 as? [String: Any] }
    }

    static func resource(_ documents: [[String: Any]], kind: String) throws -> [String: Any] {
        try #require(documents.first { $0["kind"] as? String == kind }, "no \(kind)")
    }

    @Test("kafka.yaml is the catalog's Strimzi resources: every topic and dead-letter topic with its partitions and configuration, a user per service with exactly the catalog's access")
    func strimzi() throws {
        let text = try String(contentsOf: Self.base.appendingPathComponent("kafka.yaml"), encoding: .utf8)
        #expect(text == TopicCatalog.strimziResources(), "regenerate: swift run civil-topics --format strimzi > deploy/base/kafka.yaml")
        let documents = try Self.documents("kafka.yaml")
        let topics = documents.filter { $0["kind"] as? String == "KafkaTopic" }.compactMap { $0["spec"] as? [String: Any] }
        for topic in TopicCatalog.all {
            let spec = try #require(topics.first { $0["topicName"] as? String == topic.name }, "\(topic.name)")
            #expect(spec["partitions"] as? Int == topic.partitions)
            #expect((spec["config"] as? [String: Any])?["cleanup.policy"] as? String == topic.cleanupPolicy.rawValue)
            #expect(topics.contains { $0["topicName"] as? String == topic.deadLetterTopic })
        }
        let users = documents.filter { $0["kind"] as? String == "KafkaUser" }
        #expect(Set(users.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String })
            == ["registration-service", "relief-service", "organizations-service", "alerts-service", "civil-report"])
        // The analysts' report reads, never writes, and never a restricted topic.
        let report = try #require(users.first { ($0["metadata"] as? [String: Any])?["name"] as? String == "civil-report" })
        let reads = ((report["spec"] as? [String: Any])?["authorization"] as? [String: Any])?["acls"] as? [[String: Any]] ?? []
        let reportTopics = reads.compactMap { $0["resource"] as? [String: Any] }.filter { $0["type"] as? String == "topic" }.compactMap { $0["name"] as? String }
        #expect(!reportTopics.isEmpty && reportTopics.allSatisfy { TopicCatalog.topic(named: $0)?.classification != .restricted })
        #expect(!reportTopics.contains(TopicCatalog.contact.name) && !reportTopics.contains(TopicCatalog.notification.name))
        #expect(reads.allSatisfy { Set($0["operations"] as? [String] ?? []).isSubset(of: ["Read", "Describe"]) })
        let alerts = try #require(users.first { ($0["metadata"] as? [String: Any])?["name"] as? String == "alerts-service" })
        let acls = ((alerts["spec"] as? [String: Any])?["authorization"] as? [String: Any])?["acls"] as? [[String: Any]] ?? []
        func operations(_ topic: String) -> Set<String> {
            Set(acls.filter { ($0["resource"] as? [String: Any])?["name"] as? String == topic }
                .flatMap { $0["operations"] as? [String] ?? [] })
        }
        #expect(operations(TopicCatalog.contact.name) == ["Read", "Describe"])
        #expect(operations(TopicCatalog.notification.name) == ["Write", "Describe", "Read"])
        #expect(operations(TopicCatalog.decision.name) == ["Read", "Describe"])
        #expect(operations(TopicCatalog.payment.name).isEmpty, "alerts neither writes nor reads payments")
    }

    @Test("each Deployment: every required setting given, probes on paths the service serves, on its HTTP port; a Service and a PodDisruptionBudget select it",
          arguments: ComposeTests.services)
    func deployment(_ expected: ComposeTests.Expected) throws {
        let documents = try Self.documents("\(expected.compose).yaml")
        let settings = try #require(try Self.resource(documents, kind: "ConfigMap")["data"] as? [String: Any])
        let deployment = try Self.resource(documents, kind: "Deployment")
        let pod = try #require(((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        #expect((container["args"] as? [String])?.first == expected.executable)
        let env = Set((container["env"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
        for key in expected.settings where key.defaultValue == nil && key.name != StandardSettings.kafkaProperties.name {
            let given = settings[key.environmentVariable] != nil || env.contains(key.environmentVariable)
                || (key.isSecret && settings["SECRETS_DIRECTORY"] != nil)
            #expect(given, "\(expected.compose): \(key.name) (\(key.environmentVariable)) is not given")
        }
        for name in settings.keys {
            #expect(expected.settings.contains { $0.environmentVariable == name } || name == "SECRETS_DIRECTORY",
                    "\(expected.compose): \(name) is not a setting")
        }
        let port = try #require(Int(settings["HTTP_PORT"] as? String ?? ""))
        #expect((container["ports"] as? [[String: Any]])?.first?["containerPort"] as? Int == port)
        let operations = try expected.openAPI.operations()
        for probe in ["readinessProbe", "livenessProbe"] {
            let path = try #require(((container[probe] as? [String: Any])?["httpGet"] as? [String: Any])?["path"] as? String)
            #expect(operations.contains(OpenAPIDocument.Operation(method: "GET", path: path)), "\(probe) \(path)")
        }
        #expect((container["resources"] as? [String: Any])?["requests"] != nil)
        let labels = try #require(((deployment["spec"] as? [String: Any])?["selector"] as? [String: Any])?["matchLabels"] as? [String: String])
        for kind in ["Service", "PodDisruptionBudget"] {
            let spec = try #require(try Self.resource(documents, kind: kind)["spec"] as? [String: Any])
            let selector = (spec["selector"] as? [String: String]) ?? ((spec["selector"] as? [String: Any])?["matchLabels"] as? [String: String])
            #expect(selector == labels, "\(kind)")
        }
        let kustomization = try String(contentsOf: Self.base.appendingPathComponent("kustomization.yaml"), encoding: .utf8)
        #expect(kustomization.contains("- \(expected.compose).yaml"))
    }

    @Test("each Deployment mounts a staff secret of its own with the files listed; only registration's carries the pseudonym key",
          arguments: ComposeTests.services)
    func ownSecretsOnly(_ expected: ComposeTests.Expected) throws {
        let deployment = try Self.resource(try Self.documents("\(expected.compose).yaml"), kind: "Deployment")
        let pod = try #require(((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
        let secrets = (pod["volumes"] as? [[String: Any]] ?? []).compactMap { $0["secret"] as? [String: Any] }
        let staff = try #require(secrets.first { ($0["secretName"] as? String)?.hasSuffix("staff-secrets") == true })
        #expect(staff["secretName"] as? String == "\(expected.compose)-staff-secrets", "a secret no other service mounts")
        let items = (staff["items"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
        #expect(items.contains("auth-tokens"))
        #expect(items.contains("pseudonym-key") == (expected.compose == "registration"),
                "\(expected.compose) must \(expected.compose == "registration" ? "" : "not ")mount the pseudonym key")
        for secret in secrets where secret["secretName"] as? String != staff["secretName"] as? String {
            #expect((secret["items"] as? [[String: Any]] ?? []).allSatisfy { $0["key"] as? String != "pseudonym-key" })
        }
        let text = try String(contentsOf: Self.base.appendingPathComponent("\(expected.compose).yaml"), encoding: .utf8)
        #expect(!text.contains("civil-staff-secrets"), "the shared secret of all four services is gone")
    }

    @Test("the KEDA scaler follows the dispatch workers' lag, from 1 replica to the dispatch topic's partition count")
    func scaler() throws {
        let scaled = try Self.resource(try Self.documents("alerts-scaledobject.yaml"), kind: "ScaledObject")
        let spec = try #require(scaled["spec"] as? [String: Any])
        #expect((spec["scaleTargetRef"] as? [String: Any])?["name"] as? String == "alerts")
        #expect(spec["minReplicaCount"] as? Int == 1)
        #expect(spec["maxReplicaCount"] as? Int == TopicCatalog.dispatch.partitions)
        let trigger = try #require((spec["triggers"] as? [[String: Any]])?.first { $0["type"] as? String == "kafka" })
        let metadata = try #require(trigger["metadata"] as? [String: Any])
        #expect(metadata["topic"] as? String == TopicCatalog.dispatch.name)
        #expect(metadata["consumerGroup"] as? String == DispatchWorker.consumerGroup)
        let text = try String(contentsOf: Self.base.appendingPathComponent("alerts-scaledobject.yaml"), encoding: .utf8)
        #expect(text.contains("# - type: cron"), "the forecast-landfall trigger is there to uncomment")
    }

    /// kubectl carries kustomize; machines without it skip this rendering check.
    static let kubectl = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("the production overlay renders with kustomize: every file the base lists exists, and the result holds every catalog topic in the bureau's namespace with the pinned image",
          .enabled(if: kubectl != nil, "kubectl (with kustomize) is not installed"))
    func productionOverlayRenders() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.kubectl!)
        process.arguments = ["kustomize", ComposeTests.root.appendingPathComponent("deploy/overlays/production").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let rendered = try Yams.load_all(yaml: String(decoding: data, as: UTF8.self)).compactMap { $0 as? [String: Any] }
        let metadata = rendered.compactMap { $0["metadata"] as? [String: Any] }
        #expect(metadata.allSatisfy { $0["namespace"] as? String == "civil-affairs" })
        let topics = Set(rendered.filter { $0["kind"] as? String == "KafkaTopic" }.compactMap {
            (($0["spec"] as? [String: Any])?["topicName"] as? String) ?? ($0["metadata"] as? [String: Any])?["name"] as? String
        })
        #expect(topics == Set(TopicCatalog.all.flatMap { [$0.name, $0.deadLetterTopic] }))
        let images = rendered.filter { $0["kind"] as? String == "Deployment" }.flatMap { deployment -> [String] in
            let pod = ((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any]
            return (pod?["containers"] as? [[String: Any]] ?? []).compactMap { $0["image"] as? String }
        }
        #expect(images.count == 4)
        #expect(images.allSatisfy { $0.hasPrefix("registry.example.gov.cn/civil-affairs/civil-affairs:") })
    }
}
