import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaTestSupport
import Registration
import ServiceKit
import Testing

/// The console kit's session and CSRF rules, through the registration console's router: sign-in
/// sets an HttpOnly, SameSite=Strict cookie with an expiry; a form without its CSRF token changes
/// nothing; the API does not honour the cookie; sign-out ends the session for good.
@Suite("Console sessions")
struct ConsoleSessionTests {
    static let cookieName = ConsoleSignIn.cookieName

    /// Signs in with `token`; the session cookie's value and the residents page's CSRF token.
    static func signIn(_ client: some TestClientProtocol, token: String, next: String = "/console/residents") async throws
        -> (session: String?, csrf: String?, response: TestResponse)
    {
        let (session, response) = try await ConsoleSignIn.signIn(client, token: token, next: next, page: "/console/residents")
        return (session.map { String($0.cookie.dropFirst(cookieName.count + 1)) }, session?.csrf, response)
    }

    @Test("sign-in sets an HttpOnly, SameSite=Strict session cookie with an expiry, and only to a console path")
    func signInCookie() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let (session, csrf, answer) = try await Self.signIn(client, token: "caseworker", next: "https://evil.example/")
            #expect(answer.status == .seeOther)
            #expect(answer.headers[.location] == "/console/", "sign-in never sends a browser to another site")
            let header = try #require(answer.headers[values: .setCookie].first { $0.hasPrefix(Self.cookieName + "=") })
            #expect(header.contains("HttpOnly") && header.contains("SameSite=Strict") && header.contains("Expires=") && header.contains("Path=/console"))
            #expect(session?.count == 43 && csrf?.count == 43)

            let wrong = try await Self.signIn(client, token: "not-a-token")
            #expect(wrong.session == nil && wrong.response.status == .unauthorized)
            #expect(String(buffer: wrong.response.body).contains("令牌无效"))
        }
        try await fixture.database.close()
    }

    @Test("a form without its session's CSRF token is refused and changes nothing; the API ignores the cookie")
    func csrfAndAPI() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let (session, csrf, _) = try await Self.signIn(client, token: "caseworker")
            let cookie = "\(Self.cookieName)=\(try #require(session))"
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
            let missing = try await client.execute(uri: "/console/households", method: .post, headers: form,
                                                   body: ByteBuffer(string: "areaCode=330106101201"))
            #expect(missing.status == .forbidden && String(buffer: missing.body).contains("表单已失效"))
            let forged = try await client.execute(uri: "/console/households", method: .post, headers: form,
                                                  body: ByteBuffer(string: "_csrf=\(String(repeating: "A", count: 43))&areaCode=330106101201"))
            #expect(forged.status == .forbidden)
            let none = try await client.execute(uri: "/console/residents?areaCode=330106101201", method: .get, headers: [.cookie: cookie])
            #expect(String(buffer: none.body).contains("没有符合条件的居民"), "no household was opened by the refused forms")

            let made = try await client.execute(uri: "/console/households", method: .post, headers: form,
                                                body: ByteBuffer(string: "_csrf=\(try #require(csrf))&areaCode=330106101201"))
            #expect(made.status == .seeOther && made.headers[.location]?.hasPrefix("/console/households/H-") == true)

            let api = try await client.execute(uri: "/v1/residents", method: .get, headers: [.cookie: cookie])
            #expect(api.status == .unauthorized, "the API takes bearer tokens only, never the console's cookie")
        }
        try await fixture.database.close()
    }

    @Test("after sign-out the session is worthless even if the browser keeps the cookie")
    func signOut() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let (session, csrf, _) = try await Self.signIn(client, token: "approver-1")
            let cookie = "\(Self.cookieName)=\(try #require(session))"
            let out = try await client.execute(
                uri: "/console/sign-out", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                body: ByteBuffer(string: "_csrf=\(try #require(csrf))"))
            #expect(out.status == .seeOther && out.headers[.location] == "/console/sign-in")
            let after = try await client.execute(uri: "/console/approvals", method: .get, headers: [.cookie: cookie])
            #expect(after.status == .seeOther && after.headers[.location]?.hasPrefix("/console/sign-in") == true)
        }
        try await fixture.database.close()
    }

    @Test("a page for another role is refused with its reason, as the API would")
    func roles() async throws {
        let fixture = try await RegistrationFixture()
        try await Application(router: fixture.router).test(.router) { client in
            let (session, _, _) = try await Self.signIn(client, token: "approver-1")
            let page = try await client.execute(uri: "/console/imports", method: .get, headers: [.cookie: "\(Self.cookieName)=\(try #require(session))"])
            #expect(page.status == .forbidden)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            let stylesheet = try await client.execute(uri: "/console/console.css", method: .get)
            #expect(stylesheet.headers[.contentType]?.hasPrefix("text/css") == true && String(buffer: stylesheet.body).contains(":focus-visible"))
            let script = try await client.execute(uri: "/console/console.js", method: .get)
            #expect(script.headers[.contentType]?.hasPrefix("text/javascript") == true && String(buffer: script.body).contains("EventSource"))
        }
        try await fixture.database.close()
    }
}
