import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Signs a test client in to a console as a browser would (the sign-in page's nonce cookie, the
/// token posted in the form), for tests that drive console pages through the router.
public enum ConsoleSignIn {
    public static let cookieName = "civil_console"

    public struct Session: Sendable {
        public let cookie: String
        public let csrf: String

        /// Headers of a form post in this session.
        public var form: HTTPFields { [.contentType: "application/x-www-form-urlencoded", .cookie: cookie] }
    }

    /// Signs in with `token`; the session cookie's value and the CSRF token of `page` (any console
    /// page with a form), and the sign-in's answer. `session` is nil when the sign-in was refused.
    public static func signIn(_ client: some TestClientProtocol, token: String, next: String = "/console/", page: String)
        async throws -> (session: Session?, response: TestResponse)
    {
        let signInPage = try await client.execute(uri: "/console/sign-in", method: .get)
        let nonce = try #require(cookie("civil_console_signin", in: signInPage))
        let body = "_csrf=\(nonce)&next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&token=\(token)"
        let answer = try await client.execute(
            uri: "/console/sign-in", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "civil_console_signin=\(nonce)"],
            body: ByteBuffer(string: body))
        guard let value = cookie(cookieName, in: answer), !value.isEmpty else { return (nil, answer) }
        let header = "\(cookieName)=\(value)"
        let html = String(buffer: try await client.execute(uri: page, method: .get, headers: [.cookie: header]).body)
        let csrf = html.firstMatch(of: /name="_csrf" value="([A-Za-z0-9_-]+)"/).map { String($0.1) } ?? ""
        return (Session(cookie: header, csrf: csrf), answer)
    }

    /// A cookie's value from a response's `Set-Cookie` headers.
    public static func cookie(_ name: String, in response: TestResponse) -> String? {
        for header in response.headers[values: .setCookie] where header.hasPrefix(name + "=") {
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    /// A form body, percent-encoded.
    public static func body(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&"))
    }
}
