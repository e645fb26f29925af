import Contracts
import Hummingbird

/// Puts the signed-in staff member in the context for console pages, from the session cookie.
/// Only `/console` paths honour the cookie: the API takes bearer tokens alone, so a page of
/// another site cannot make a browser call the API with the cookie.
struct ConsoleSessionMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let sessions: ConsoleSessions
    let service: CivilService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == Console.root || path.hasPrefix(Console.root + "/"), context.staff == nil,
              let id = request.cookies[Console.sessionCookie]?.value,
              let session = try await sessions.session(id: id), session.staff.services.contains(service)
        else { return try await next(request, context) }
        var context = context
        context.staff = session.staff
        context.console = session
        return try await next(request, context)
    }
}
