import Contracts
import Hummingbird

/// Looks the bearer token up once, before the access log, and puts the caller in the context
/// when the token is scoped to this service; refusing a request without one is
/// ``BearerAuthMiddleware``'s job, further in.
struct StaffIdentityMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let directory: TokenDirectory
    let service: CivilService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let staff = directory.identity(forAuthorization: request.headers[.authorization]) {
            if staff.services.contains(service) {
                context.staff = staff
            } else {
                context.tokenScopedElsewhere = staff.services
            }
        }
        return try await next(request, context)
    }
}
