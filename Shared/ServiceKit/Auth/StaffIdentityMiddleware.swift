import Hummingbird

/// Looks the bearer token up once, before the access log, and puts the caller in the context;
/// refusing a request without one is ``BearerAuthMiddleware``'s job, further in.
struct StaffIdentityMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let directory: TokenDirectory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.staff = directory.identity(forAuthorization: request.headers[.authorization])
        return try await next(request, context)
    }
}
