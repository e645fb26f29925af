import Foundation
import Yams

/// A service's OpenAPI 3.1 document, served at `/openapi.yaml`, and the list of operations it
/// documents, which a test compares with the router's routes.
public struct OpenAPIDocument: Sendable {
    /// A method and a path with parameters written `{name}`.
    public struct Operation: Hashable, Sendable, CustomStringConvertible, Comparable {
        public let method: String
        public let path: String

        public init(method: String, path: String) {
            self.method = method.uppercased()
            // Hummingbird writes parameters `:name` or `{name}`; OpenAPI `{name}`. Compare shapes only.
            self.path = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix(":") || (segment.hasPrefix("{") && segment.hasSuffix("}")) ? "{}" : String(segment)
            }.joined(separator: "/")
        }

        public var description: String { "\(method) \(path)" }

        public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.path, lhs.method) < (rhs.path, rhs.method) }
    }

    public let yaml: String

    public init(yaml: String) {
        self.yaml = yaml
    }

    /// The `paths` entries every service has, indented for the `paths:` map; interpolate them
    /// into a service's document so they are written once.
    public static let standardPaths = """
          /health/live:
            get: {summary: Liveness, security: [], responses: {"200": {description: alive}}}
          /health/ready:
            get: {summary: Readiness, security: [], responses: {"200": {description: ready}, "503": {description: not ready}}}
          /metrics:
            get: {summary: Prometheus metrics, security: [], responses: {"200": {description: Prometheus text}}}
          /openapi.yaml:
            get: {summary: This document, responses: {"200": {description: OpenAPI YAML}}}
        """

    /// Every operation under `paths`.
    /// - Throws: when the text is not YAML or has no `paths` map.
    public func operations() throws -> Set<Operation> {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any], let paths = root["paths"] as? [String: Any] else {
            throw OpenAPIDocumentError(reason: "no 'paths' map")
        }
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var operations: Set<Operation> = []
        for (path, item) in paths {
            for key in (item as? [String: Any] ?? [:]).keys where methods.contains(key) {
                operations.insert(Operation(method: key, path: path))
            }
        }
        return operations
    }
}

public struct OpenAPIDocumentError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "OpenAPI document: \(reason)" }
}
