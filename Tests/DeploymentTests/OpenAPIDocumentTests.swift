import Alerts
import Foundation
import Organizations
import Registration
import Relief
import ServiceKit
import Testing
import Yams

/// Every service's OpenAPI document as it is served: its YAML file merged with the shared
/// fragment, complete in itself (every `$ref` resolves), with the paths every service serves.
@Suite("OpenAPI documents")
struct OpenAPIDocumentTests {
    static let documents: [(String, OpenAPIDocument)] = [
        ("registration", RegistrationOpenAPI.document), ("relief", ReliefOpenAPI.document),
        ("organizations", OrganizationsOpenAPI.document), ("alerts", AlertsOpenAPI.document),
    ]

    @Test("each document loads from its file, carries the shared parts, and every $ref resolves", arguments: [0, 1, 2, 3])
    func servedDocument(index: Int) throws {
        let (name, document) = Self.documents[index]
        #expect(document.loadError == nil, "\(name): \(document.loadError.map(String.init(describing:)) ?? "")")
        let root = try #require(try Yams.load(yaml: document.yaml) as? [String: Any])
        #expect(root["openapi"] as? String == "3.1.0")
        #expect((root["info"] as? [String: Any])?["title"] is String)
        #expect(root["security"] != nil, "\(name): bearer security applies by default")
        let operations = try document.operations()
        for path in ["/health/live", "/health/ready", "/metrics", "/openapi.yaml"] {
            #expect(operations.contains(OpenAPIDocument.Operation(method: "GET", path: path)), "\(name) lacks \(path)")
        }
        #expect(document.allowedMethods(for: "/health/live") == ["GET"], "\(name): a wrong method gets 405 with Allow")
        #expect(document.allowedMethods(for: "/v1/no-such-thing") == nil)
        var unresolved: [String] = []
        func visit(_ node: Any) {
            if let map = node as? [String: Any] {
                if let ref = map["$ref"] as? String, resolve(ref, in: root) == nil { unresolved.append(ref) }
                map.values.forEach(visit)
            } else if let list = node as? [Any] {
                list.forEach(visit)
            }
        }
        visit(root)
        #expect(unresolved == [], "\(name): unresolved references")
    }

    /// The value a local JSON pointer (`#/components/responses/Problem`) names.
    func resolve(_ reference: String, in root: [String: Any]) -> Any? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: Any? = root
        for part in reference.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            node = (node as? [String: Any])?[key]
        }
        return node
    }
}
