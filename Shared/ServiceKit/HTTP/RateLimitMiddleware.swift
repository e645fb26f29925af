import Hummingbird

/// Answers 429 with `Retry-After` when a client address has used up its requests on the
/// service's public paths; paths that need a token are limited by who holds the tokens.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let limiter: RateLimiter
    let prefixes: [String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if prefixes.contains(where: { path == $0 || path.hasPrefix($0 + "/") }),
           let wait = limiter.take(for: context.clientAddress ?? "unknown") {
            throw Problem.rateLimited(retryAfter: wait, perMinute: limiter.perMinute)
        }
        return try await next(request, context)
    }
}
