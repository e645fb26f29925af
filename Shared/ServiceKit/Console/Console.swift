import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// A department's web console: server-rendered pages from Mustache templates under `/console/`,
/// one stylesheet, zh-CN labels, no script needed. Staff sign in with their token once and get a
/// session cookie (HttpOnly, SameSite=Strict, with an expiry); every form carries the session's
/// CSRF token. Pages call the same desks as the API with the same roles, so four-eyes and the
/// audit trail hold for a click as for a request.
public struct Console: Sendable {
    public static let root = "/console"
    static let sessionCookie = "civil_console"
    static let signInCookie = "civil_console_signin"

    /// A link of the console's navigation bar.
    public struct Link: Sendable {
        public let path: String
        public let label: String
        public init(_ path: String, _ label: String) {
            self.path = path
            self.label = label
        }
    }

    let service: CivilService
    let title: String
    let navigation: [Link]
    let library: MustacheLibrary
    let tokens: TokenDirectory
    let sessions: ConsoleSessions
    /// The stylesheet and the script, read once at start-up (a service without them does not start).
    let stylesheet: Asset
    let script: Asset

    /// A file the pages load from the console's path.
    struct Asset: Sendable {
        let path: String
        let contentType: String
        let text: String

        init(_ name: String, _ kind: String, contentType: String) throws {
            guard let url = Bundle.module.url(forResource: name, withExtension: kind) else {
                throw ConsoleTemplateError(file: "\(name).\(kind)", reason: "not in the console kit's bundle")
            }
            path = "\(Console.root)/\(name).\(kind)"
            self.contentType = contentType
            text = try String(contentsOf: url, encoding: .utf8)
        }
    }

    /// - Parameter bundle: the service's resource bundle, whose `Templates` folder holds its own
    ///   `.mustache` pages; they extend the kit's `layout`.
    public init(
        service: CivilService, title: String, navigation: [Link], bundle: Bundle, tokens: TokenDirectory, database: ServiceDatabase
    ) throws {
        self.service = service
        self.title = title
        self.navigation = navigation
        self.tokens = tokens
        sessions = ConsoleSessions(database: database)
        stylesheet = try Asset("console", "css", contentType: "text/css; charset=utf-8")
        script = try Asset("console", "js", contentType: "text/javascript; charset=utf-8")
        var library = MustacheLibrary()
        guard let kit = Bundle.module.url(forResource: "Templates", withExtension: nil),
              let templates = bundle.url(forResource: "Templates", withExtension: nil)
        else { throw ConsoleTemplateError(file: "Templates", reason: "the console's templates are not in the bundle") }
        for folder in [kit, templates] {
            for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            where file.pathExtension == "mustache" {
                do {
                    try library.register(String(contentsOf: file, encoding: .utf8), named: file.deletingPathExtension().lastPathComponent)
                } catch {
                    throw ConsoleTemplateError(file: file.lastPathComponent, reason: "\(error)")
                }
            }
        }
        self.library = library
    }

    /// The signed-in staff member, who must hold one of `roles`.
    /// - Throws: ``ConsoleRefusal/signInNeeded`` without a session, a 403 problem without the role.
    public func staff(_ context: ServiceRequestContext, anyOf roles: Set<StaffRole>) throws -> StaffIdentity {
        guard context.console != nil else { throw ConsoleRefusal.signInNeeded }
        return try context.staff(withAnyRole: roles)
    }

    /// The posted form, refused unless it carries this session's CSRF token.
    public func form(_ request: Request, context: ServiceRequestContext) async throws -> ConsoleForm {
        guard context.console != nil else { throw ConsoleRefusal.signInNeeded }
        return try await ConsoleForm.read(request, context: context, csrf: context.console?.csrf)
    }

    /// A page: the service's `template` inside the kit's layout, with the navigation, the signed-in
    /// staff member and the CSRF token every form needs.
    public func page(
        _ template: String, title pageTitle: String, _ values: [String: Any] = [:], context: ServiceRequestContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var values = values
        values["pageTitle"] = pageTitle
        values["consoleTitle"] = title
        values["root"] = Self.root
        values["csrf"] = context.console?.csrf ?? ""
        values["csrfField"] = ConsoleForm.csrfField
        if let staff = context.console?.staff {
            values["signedIn"] = ["staffId": staff.staffID, "roles": staff.roles.map(\.rawValue).sorted().joined(separator: "、")]
        }
        values["navigation"] = navigation.map { ["path": $0.path, "label": $0.label] }
        let html = library.render(values, withTemplate: template) ?? "<!doctype html><title>\(template)</title><p>页面模板缺失</p>"
        return Self.html(html, status: status)
    }

    /// Renders `template` again after a refusal: the problem's message at the top and beside each
    /// field it names, with what was typed kept in the form.
    public func refused(
        _ problem: Problem, _ template: String, title: String, _ values: [String: Any] = [:], form: ConsoleForm?,
        context: ServiceRequestContext
    ) -> Response {
        var values = values
        values["problem"] = ["title": problem.title, "detail": problem.detail]
        if case .fields(let fields)? = problem.extensions["errors"] { values["errors"] = fields }
        if let form { values["form"] = form.fields }
        return page(template, title: title, values, context: context, status: problem.status)
    }

    /// Runs a page handler and answers its errors as pages: no session goes to sign in, an expired
    /// form and a refused request are shown with their reason; nothing escapes as JSON.
    public func respond(
        _ request: Request, context: ServiceRequestContext, _ handler: () async throws -> Response
    ) async -> Response {
        do {
            return try await handler()
        } catch let refusal as ConsoleRefusal {
            switch refusal {
            case .signInNeeded:
                let next = request.method == .get ? request.uri.path : Self.root + "/"
                return Self.redirect(to: Self.root + "/sign-in?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            case .formExpired:
                return page("message", title: "表单已失效", [
                    "message": "这张表单没有有效的校验码（CSRF），未作任何更改。请返回并刷新页面后重新提交。",
                ], context: context, status: .forbidden)
            }
        } catch {
            let problem = Self.problem(of: error, context: context)
            return page("message", title: "未能办理", ["problem": ["title": problem.title, "detail": problem.detail]],
                        context: context, status: problem.status)
        }
    }

    /// The problem an error is answered with, as the API would answer it.
    public static func problem(of error: any Error, context: ServiceRequestContext) -> Problem {
        switch error {
        case let problem as Problem: return problem
        case let convertible as any ProblemConvertible: return convertible.problem
        default:
            context.logger.error("console page failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            return Problem.internalError
        }
    }

    /// 303 See Other: after a form, the browser fetches the result with GET.
    public static func redirect(to location: String) -> Response {
        var response = Response(status: .seeOther)
        response.headers[.location] = location
        return response
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Pages load only this service's stylesheet and scripts, post only to it, and are never framed.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}

/// A console template could not be read or parsed; the service does not start with a broken page.
public struct ConsoleTemplateError: Error, CustomStringConvertible {
    public let file: String
    public let reason: String
    public var description: String { "console template \(file): \(reason)" }
}
