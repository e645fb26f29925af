import Contracts
import Foundation
import Hummingbird

/// Requires a caller (found by ``StaffIdentityMiddleware``) everywhere but the public paths
/// (health and metrics, and a service's public prefixes such as the public register), and says
/// what is wrong with the Authorization header when there is none (or a token of another service).
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let service: CivilService
    let publicPaths: Set<String>
    var publicPrefixes: [String] = []

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard context.staff == nil, !publicPaths.contains(path),
              !publicPrefixes.contains(where: { path == $0 || path.hasPrefix($0 + "/") || path.hasPrefix($0 + ".") })
        else {
            return try await next(request, context)
        }
        if let services = context.tokenScopedElsewhere {
            throw Problem.tokenNotScoped(to: service, scopedTo: services)
        }
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthorized("send Authorization: Bearer <token>")
        }
        guard header.lowercased().hasPrefix("bearer ") else {
            throw Problem.unauthorized("the Authorization header must be 'Bearer <token>'")
        }
        throw Problem.unauthorized("the bearer token is not known")
    }
}
