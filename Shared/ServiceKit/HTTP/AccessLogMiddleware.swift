import Hummingbird
import Logging

/// One log line per request: method, route template (never the raw path, which can carry an
/// identity number), status, duration, request id and staff id. No query, no body.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        let staffID = context.staff?.staffID ?? "-"
        defer {
            let elapsed = ContinuousClock.now - start
            // Probes and scrapes every few seconds would drown the log.
            let level: Logger.Level = ServiceRouter.publicPaths.contains(request.uri.path) ? .debug : .info
            logger.log(level: level, "request", metadata: [
                "http.method": "\(request.method)",
                "http.route": "\(context.endpointPath ?? "unmatched")",
                "http.status": "\(status)",
                "duration.ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
                "request.id": "\(context.requestID)",
                "staff.id": "\(staffID)",
            ])
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}
