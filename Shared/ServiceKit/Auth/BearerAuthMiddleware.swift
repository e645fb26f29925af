import Foundation
import Hummingbird

/// Requires a valid bearer token everywhere but the public paths (health and metrics), and
/// puts the caller's identity in the context.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let directory: TokenDirectory
    let publicPaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if publicPaths.contains(request.uri.path) {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthorized("send Authorization: Bearer <token>")
        }
        guard header.lowercased().hasPrefix("bearer ") else {
            throw Problem.unauthorized("the Authorization header must be 'Bearer <token>'")
        }
        guard let identity = directory.identity(forAuthorization: header) else {
            throw Problem.unauthorized("the bearer token is not known")
        }
        var context = context
        context.staff = identity
        return try await next(request, context)
    }
}
