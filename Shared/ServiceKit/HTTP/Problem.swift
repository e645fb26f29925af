import Foundation
import Contracts
import HTTPTypes
import Hummingbird

/// An error answer in RFC 9457 form (`application/problem+json`). Its `type` is stable per kind
/// of error, so a caseworker's client can branch on it; `detail` says what to change.
public struct Problem: Error, HTTPResponseError, Sendable, Equatable {
    /// A value in a problem's extension members.
    public enum Extension: Sendable, Equatable, Encodable {
        case string(String)
        case int(Int)
        case strings([String])
        case fields([String: String])

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .int(let value): try container.encode(value)
            case .strings(let value): try container.encode(value)
            case .fields(let value): try container.encode(value)
            }
        }
    }

    public static let contentType = "application/problem+json"
    static let typePrefix = "urn:civil-affairs:problem:"

    public let status: HTTPResponse.Status
    /// The stable part of `type`, e.g. `invalid-body`.
    public let kind: String
    public let title: String
    public let detail: String
    public var extensions: [String: Extension]
    public var headers: HTTPFields

    public init(
        _ status: HTTPResponse.Status, kind: String, title: String, detail: String,
        extensions: [String: Extension] = [:], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.extensions = extensions
        self.headers = headers
    }

    public var type: String { Self.typePrefix + kind }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: Extension] = extensions
        body["type"] = .string(type)
        body["title"] = .string(title)
        body["status"] = .int(status.code)
        body["detail"] = .string(detail)
        if let requestID = request.headers[.requestID] ?? (context as? ServiceRequestContext)?.requestID {
            body["instance"] = .string("urn:civil-affairs:request:\(requestID)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = self.headers
        headers[.contentType] = Self.contentType
        return Response(
            status: status, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }
}

extension Problem {
    public static func invalidBody(_ detail: String, fields: [String: String] = [:]) -> Problem {
        Problem(.badRequest, kind: "invalid-body", title: "The request body is not valid", detail: detail,
                extensions: fields.isEmpty ? [:] : ["errors": .fields(fields)])
    }

    public static func malformedJSON(_ detail: String) -> Problem {
        Problem(.badRequest, kind: "malformed-json", title: "The request body is not JSON", detail: detail)
    }

    public static func invalidQuery(_ detail: String) -> Problem {
        Problem(.badRequest, kind: "invalid-query", title: "A query parameter is not valid", detail: detail)
    }

    public static func unknownFields(_ names: [String]) -> Problem {
        Problem(.badRequest, kind: "unknown-field", title: "The request body has fields this endpoint does not know",
                detail: "remove \(names.sorted().map { "'\($0)'" }.joined(separator: ", ")): check their spelling",
                extensions: ["fields": .strings(names.sorted())])
    }

    public static func unsupportedMediaType(_ given: String?) -> Problem {
        Problem(.unsupportedMediaType, kind: "unsupported-media-type", title: "The body must be JSON",
                detail: "send Content-Type: application/json (got \(given.map { "'\($0)'" } ?? "none"))")
    }

    public static func bodyTooLarge(limit: Int) -> Problem {
        Problem(.contentTooLarge, kind: "body-too-large", title: "The request body is too large",
                detail: "bodies are limited to \(limit) bytes", extensions: ["limit": .int(limit)])
    }

    public static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, kind: "not-found", title: "Not found", detail: detail)
    }

    public static func methodNotAllowed(_ detail: String, allow: [String]) -> Problem {
        var headers = HTTPFields()
        headers[.allow] = allow.joined(separator: ", ")
        return Problem(.methodNotAllowed, kind: "method-not-allowed", title: "Method not allowed", detail: detail,
                       extensions: ["allow": .strings(allow)], headers: headers)
    }

    public static func unauthorized(_ detail: String) -> Problem {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer"
        return Problem(.unauthorized, kind: "unauthorized", title: "A valid bearer token is needed", detail: detail,
                       headers: headers)
    }

    public static func forbidden(role: String) -> Problem {
        Problem(.forbidden, kind: "forbidden", title: "The token lacks a role this needs",
                detail: "this needs the role '\(role)'", extensions: ["role": .string(role)])
    }

    public static func tokenNotScoped(to service: CivilService, scopedTo services: Set<CivilService>) -> Problem {
        let scope = services.sorted().map(\.rawValue)
        return Problem(.forbidden, kind: "token-not-scoped", title: "The token is not for this service",
                       detail: "this token may act on \(scope.isEmpty ? "no service" : scope.joined(separator: ", ")), not on \(service.rawValue)",
                       extensions: ["service": .string(service.rawValue), "scope": .strings(scope)])
    }

    public static func rateLimited(retryAfter seconds: Int, perMinute: Int) -> Problem {
        var headers = HTTPFields()
        headers[.retryAfter] = String(seconds)
        return Problem(.tooManyRequests, kind: "rate-limited", title: "Too many requests",
                       detail: "this address may make \(perMinute) requests a minute here; try again in \(seconds) s",
                       extensions: ["retryAfter": .int(seconds)], headers: headers)
    }

    public static func fourEyes(_ detail: String) -> Problem {
        Problem(.forbidden, kind: "four-eyes", title: "A second person must decide", detail: detail)
    }

    public static func conflict(kind: String, _ detail: String, extensions: [String: Extension] = [:]) -> Problem {
        Problem(.conflict, kind: kind, title: "Conflicts with the current state", detail: detail, extensions: extensions)
    }

    public static func unavailable(_ detail: String) -> Problem {
        Problem(.serviceUnavailable, kind: "unavailable", title: "Temporarily unavailable", detail: detail)
    }

    static let internalError = Problem(
        .internalServerError, kind: "internal", title: "Internal error",
        detail: "the request was not completed; quote the request id when reporting it")
}

extension HTTPField.Name {
    public static let requestID = HTTPField.Name("X-Request-Id")!
}
