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

    /// The document as served: the service's file merged with the shared fragment.
    public let yaml: String
    /// Why the document could not be read, if it could not; ``operations()`` and
    /// ``ServiceBuilder`` report it, so a service never starts with a missing document.
    public let loadError: OpenAPIDocumentError?
    /// The operations, read once: a wrong method's 405 must not parse the document per request.
    private let parsed: Result<Set<Operation>, OpenAPIDocumentError>

    public init(yaml: String) {
        self.yaml = yaml
        loadError = nil
        parsed = Self.parseOperations(yaml)
    }

    /// A service's `openapi.yaml` (a resource of its target), merged with ServiceKit's
    /// `openapi-common.yaml`: the OpenAPI version, bearer security, the Problem response and the
    /// health, metrics and document paths every service serves. The service's entries come first.
    public init(serviceFile url: URL?) {
        do {
            guard let url else { throw OpenAPIDocumentError(reason: "the service's openapi.yaml is not among its resources") }
            guard let commonURL = Bundle.module.url(forResource: "openapi-common", withExtension: "yaml") else {
                throw OpenAPIDocumentError(reason: "ServiceKit's openapi-common.yaml is not among its resources")
            }
            let own = try String(contentsOf: url, encoding: .utf8)
            let common = try String(contentsOf: commonURL, encoding: .utf8)
            guard let ownNode = try Yams.compose(yaml: own), let commonNode = try Yams.compose(yaml: common) else {
                throw OpenAPIDocumentError(reason: "\(url.lastPathComponent) is empty")
            }
            let document = Self.withEdgeResponses(Self.merged(ownNode, commonNode))
            yaml = try Yams.serialize(node: document, width: 120, allowUnicode: true)
            loadError = nil
            parsed = Self.parseOperations(yaml)
        } catch {
            yaml = ""
            let failure = error as? OpenAPIDocumentError ?? OpenAPIDocumentError(reason: "\(error)")
            loadError = failure
            parsed = .failure(failure)
        }
    }

    /// `base` with the entries of `extra` it lacks, mappings merged key by key, order kept.
    static func merged(_ base: Node, _ extra: Node) -> Node {
        guard case .mapping(let baseMapping) = base, case .mapping(let extraMapping) = extra else { return base }
        var pairs = Array(baseMapping)
        for (key, value) in extraMapping {
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                pairs[index].value = merged(pairs[index].value, value)
            } else {
                pairs.append((key, value))
            }
        }
        return .mapping(Node.Mapping(pairs.map { ($0.key, $0.value) }, baseMapping.tag, baseMapping.style))
    }

    /// `document` with, on every operation, the answers the shared edge gives whatever the route:
    /// 401 and 403 where a token is needed, 400 where there are parameters or a body, 404 where the
    /// path names a resource, 413 and 415 where there is a body. Written once here, so no service's
    /// file can forget one the middleware sends.
    static func withEdgeResponses(_ document: Node) -> Node {
        guard case .mapping(var root) = document, case .mapping(var paths)? = root["paths"] else { return document }
        let problem = Node([(Node("$ref"), Node("#/components/responses/Problem"))])
        for (pathKey, pathItem) in paths {
            guard case .mapping(var item) = pathItem, let path = pathKey.string else { continue }
            for (methodKey, operationNode) in item where Self.methods.contains(methodKey.string ?? "") {
                guard case .mapping(var operation) = operationNode, case .mapping(var responses)? = operation["responses"]
                else { continue }
                var statuses: [String] = []
                let isPublic = if case .sequence(let requirements)? = operation["security"] { requirements.isEmpty } else { false }
                if !isPublic { statuses += ["401", "403"] }
                if operation["parameters"] != nil || item["parameters"] != nil || operation["requestBody"] != nil {
                    statuses.append("400")
                }
                if path.contains("{") { statuses.append("404") }
                if operation["requestBody"] != nil { statuses += ["413", "415"] }
                for status in statuses where !responses.keys.contains(where: { $0.string == status }) {
                    responses[Node(status, .implicit, .doubleQuoted)] = problem
                }
                operation["responses"] = .mapping(responses)
                item[methodKey] = .mapping(operation)
            }
            paths[pathKey] = .mapping(item)
        }
        root["paths"] = .mapping(paths)
        return .mapping(root)
    }

    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The methods documented for `path` (a request's path, parameters filled in), or nil when
    /// no documented path has its shape: the router's 404 then becomes a 405 with `Allow`.
    public func allowedMethods(for path: String) -> [String]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let methods = ((try? operations()) ?? []).filter { operation in
            let pattern = operation.path.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { $0 == "{}" ? !$1.isEmpty : $0 == $1 }
        }.map(\.method)
        return methods.isEmpty ? nil : methods.sorted()
    }

    /// Every operation under `paths`.
    /// - Throws: when the text is not YAML or has no `paths` map.
    public func operations() throws -> Set<Operation> {
        try parsed.get()
    }

    private static func parseOperations(_ yaml: String) -> Result<Set<Operation>, OpenAPIDocumentError> {
        let loaded: Any?
        do { loaded = try Yams.load(yaml: yaml) } catch { return .failure(OpenAPIDocumentError(reason: "\(error)")) }
        guard let root = loaded as? [String: Any], let paths = root["paths"] as? [String: Any] else {
            return .failure(OpenAPIDocumentError(reason: "no 'paths' map"))
        }
        var operations: Set<Operation> = []
        for (path, item) in paths {
            for key in (item as? [String: Any] ?? [:]).keys where methods.contains(key) {
                operations.insert(Operation(method: key, path: path))
            }
        }
        return .success(operations)
    }
}

public struct OpenAPIDocumentError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "OpenAPI document: \(reason)" }
}
