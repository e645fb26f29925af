import Foundation
import Hummingbird

/// A posted console form (`application/x-www-form-urlencoded`), checked for its CSRF token before
/// anything reads it. Its fields become the same JSON body the API takes, so a form is refused
/// for exactly the reasons a request would be.
public struct ConsoleForm: Sendable {
    /// The hidden field every console form carries.
    public static let csrfField = "_csrf"

    public let fields: [String: String]

    public init(fields: [String: String]) {
        self.fields = fields
    }

    public subscript(name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Reads and parses the body; refuses it unless it carries the session's CSRF token.
    static func read(_ request: Request, context: ServiceRequestContext, csrf expected: String?) async throws -> ConsoleForm {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxBodyBytes)
        } catch {
            throw Problem.bodyTooLarge(limit: context.maxBodyBytes)
        }
        let text = String(buffer: buffer)
        let fields: [String: String]
        do {
            fields = text.isEmpty ? [:] : try URLEncodedFormDecoder().decode([String: String].self, from: text)
        } catch {
            throw Problem.invalidBody("the form could not be read")
        }
        guard let expected, let presented = fields[csrfField], Self.same(presented, expected) else {
            throw ConsoleRefusal.formExpired
        }
        return ConsoleForm(fields: fields.filter { $0.key != csrfField })
    }

    /// The form as the API's JSON body: the named text fields, whole numbers (in fen, counts)
    /// and check boxes; an empty field is left out, as an API client would leave it out.
    public func jsonBody(text: [String] = [], numbers: [String] = [], checkboxes: [String] = []) throws -> Data {
        var object: [String: Any] = [:]
        for name in text { if let value = self[name] { object[name] = value } }
        for name in numbers {
            guard let value = self[name] else { continue }
            guard let number = Int(value) else {
                throw Problem.invalidBody("\(name) must be a whole number", fields: [name: "a whole number"])
            }
            object[name] = number
        }
        for name in checkboxes where self[name] != nil { object[name] = true }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// The form decoded as an API request body, with every check the API makes.
    public func decode<Body: Decodable>(
        _ type: Body.Type, text: [String] = [], numbers: [String] = [], checkboxes: [String] = []
    ) throws -> Body {
        try Request.decodeJSONBody(Body.self, from: try jsonBody(text: text, numbers: numbers, checkboxes: checkboxes))
    }

    /// Compares in time that does not depend on where the strings differ.
    private static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
