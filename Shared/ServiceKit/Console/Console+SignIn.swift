import Foundation
import HTTPTypes
import Hummingbird

extension Console {
    /// Adds sign-in, sign-out and the stylesheet. Sign-in takes the staff member's token once and
    /// answers with the session cookie; the token itself is never stored. The sign-in form is
    /// protected by a cookie of its own (double submit), as there is no session yet.
    public func addSignIn(to router: Router<ServiceRequestContext>) {
        for asset in [stylesheet, script] {
            router.get(RouterPath(stringLiteral: asset.path)) { _, _ in
                Response(status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "max-age=300"],
                         body: ResponseBody(byteBuffer: ByteBuffer(string: asset.text)))
            }
        }
        router.get("/console/sign-in") { request, context in
            signInPage(next: Self.safeNext(request.uri.queryParameters.get("next")), context: context)
        }
        router.post("/console/sign-in") { request, context in
            await respond(request, context: context) {
                let form = try await ConsoleForm.read(request, context: context, csrf: request.cookies[Self.signInCookie]?.value)
                let next = Self.safeNext(form["next"])
                guard let token = form["token"], let staff = tokens.identity(forToken: token) else {
                    return signInPage(next: next, context: context, error: "令牌无效：请核对后重新输入。", status: .unauthorized)
                }
                guard staff.services.contains(service) else {
                    return signInPage(next: next, context: context, error: "此令牌不能在本部门的控制台使用。", status: .forbidden)
                }
                let (id, session) = try await sessions.open(for: staff)
                var response = Self.redirect(to: next)
                response.setCookie(Self.cookie(Self.sessionCookie, id, until: session.expiresAt, request: request))
                response.setCookie(Self.cookie(Self.signInCookie, "", until: Date(timeIntervalSince1970: 0), request: request))
                context.logger.info("console sign-in", metadata: ["staff.id": "\(staff.staffID)"])
                return response
            }
        }
        router.post("/console/sign-out") { request, context in
            await respond(request, context: context) {
                _ = try await form(request, context: context)
                if let id = request.cookies[Self.sessionCookie]?.value { try await sessions.end(id: id) }
                var response = Self.redirect(to: Self.root + "/sign-in")
                response.setCookie(Self.cookie(Self.sessionCookie, "", until: Date(timeIntervalSince1970: 0), request: request))
                return response
            }
        }
    }

    private func signInPage(
        next: String, context: ServiceRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let nonce = ConsoleSessions.randomToken()
        var values: [String: Any] = ["next": next, "signInCsrf": nonce]
        if let error { values["errors"] = ["token": error] }
        var response = page("sign-in", title: "登录", values, context: context, status: status)
        response.setCookie(Cookie(name: Self.signInCookie, value: nonce, maxAge: 1800, path: Self.root, httpOnly: true, sameSite: .strict))
        return response
    }

    /// Only a console path of this service: sign-in never sends a browser elsewhere.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix(root + "/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("://") else {
            return root + "/"
        }
        return next
    }

    /// The session cookie: HttpOnly, SameSite=Strict, scoped to the console, Secure behind TLS.
    static func cookie(_ name: String, _ value: String, until expiry: Date, request: Request) -> Cookie {
        Cookie(
            name: name, value: value, expires: expiry, path: root,
            secure: request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https", httpOnly: true,
            sameSite: .strict)
    }
}
