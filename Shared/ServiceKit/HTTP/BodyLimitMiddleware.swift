import Hummingbird

/// Refuses a body whose declared length is over the limit before reading it, and gives the
/// limit to the context so that chunked bodies are cut at the same size.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw Problem.bodyTooLarge(limit: maxBodyBytes)
        }
        var context = context
        context.maxBodyBytes = maxBodyBytes
        return try await next(request, context)
    }
}
