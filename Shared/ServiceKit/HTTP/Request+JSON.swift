import Contracts
import Foundation
import Hummingbird

/// A request body type that refuses fields it does not declare, where a misspelt optional field
/// would otherwise be dropped without a word (e.g. `disablityGrade`).
public protocol StrictRequestBody: Decodable {
    static var fields: Set<String> { get }
}

extension Request {
    /// Decodes a JSON body, answering every way it can be wrong with a 4xx problem: wrong content
    /// type (415), too large (413), not JSON (400 `malformed-json`), wrong shape (400
    /// `invalid-body`, naming the field; a null field is refused too), unknown fields for a ``StrictRequestBody`` (400
    /// `unknown-field`).
    public func decodeJSON<Body: Decodable>(as type: Body.Type, context: ServiceRequestContext) async throws -> Body {
        let contentType = headers[.contentType]
        guard let contentType, contentType.lowercased().hasPrefix("application/json") else {
            throw Problem.unsupportedMediaType(contentType)
        }
        return try Self.decodeJSONBody(Body.self, from: try await collected(context: context))
    }

    /// Like ``decodeJSON(as:context:)`` for a body that may be left out: no body (or an empty
    /// one) is nil, whatever the content type says.
    public func decodeJSONIfPresent<Body: Decodable>(as type: Body.Type, context: ServiceRequestContext) async throws -> Body? {
        let data = try await collected(context: context)
        guard !data.isEmpty else { return nil }
        let contentType = headers[.contentType]
        guard let contentType, contentType.lowercased().hasPrefix("application/json") else {
            throw Problem.unsupportedMediaType(contentType)
        }
        return try Self.decodeJSONBody(Body.self, from: data)
    }

    private func collected(context: ServiceRequestContext) async throws -> Data {
        let body = self.body
        do {
            return Data(try await body.collect(upTo: context.maxBodyBytes).readableBytesView)
        } catch {
            throw Problem.bodyTooLarge(limit: context.maxBodyBytes)
        }
    }

    /// Decodes `data` as a request body with every check of ``decodeJSON(as:context:)`` but the
    /// content type: a console form, turned into the same JSON, is refused for the same reasons.
    public static func decodeJSONBody<Body: Decodable>(_ type: Body.Type, from data: Data) throws -> Body {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw Problem.malformedJSON(data.isEmpty ? "the body is empty" : "the body is not well-formed JSON")
        }
        if let strict = Body.self as? any StrictRequestBody.Type {
            guard let object = json as? [String: Any] else { throw Problem.invalidBody("the body must be a JSON object") }
            let unknown = Set(object.keys).subtracting(strict.fields)
            if !unknown.isEmpty { throw Problem.unknownFields(Array(unknown)) }
            // An optional field is given or left out; null would read as "left out" and a client
            // that meant "clear it" would be told nothing.
            let nulls = object.filter { $0.value is NSNull }.keys.sorted()
            if let first = nulls.first {
                throw Problem.invalidBody("\(first) is null: leave a field out instead of sending null",
                                          fields: Dictionary(uniqueKeysWithValues: nulls.map { ($0, "not null") }))
            }
        }
        do {
            return try CivilEventCoding.decoder.decode(Body.self, from: data)
        } catch let error as DecodingError {
            throw Problem.invalidBody(error.readableDescription)
        }
    }
}
