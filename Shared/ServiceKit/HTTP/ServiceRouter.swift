import Contracts
import Foundation
import Hummingbird
import Logging
import Prometheus

/// Builds a service's router the one way every service does it: request ids, metrics, access
/// logs, problem+json errors, body limits, bearer tokens and the audit trail around the
/// service's own routes, plus `/health/live`, `/health/ready`, `/metrics`, `/openapi.yaml` and
/// the auditors' `/v1/audit`.
public enum ServiceRouter {
    /// Paths that need no token.
    /// Served without a token: the probes, the metrics, and the API's documentation (it holds no data).
    public static let publicPaths: Set<String> = ["/health/live", "/health/ready", "/metrics", "/openapi.yaml"]

    public static func make(
        service: CivilService, tokens: TokenDirectory, audit database: ServiceDatabase, readiness: Readiness, openAPI: OpenAPIDocument,
        metrics: PrometheusCollectorRegistry = ServiceMetrics.registry, maxBodyBytes: Int, logger: Logger,
        publicPrefixes: [String] = [], publicLimit: RateLimiter = RateLimiter(perMinute: 120), callbackPrefixes: [String] = []
    ) -> Router<ServiceRequestContext> {
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: StaffIdentityMiddleware(directory: tokens, service: service))
        router.add(middleware: ConsoleSessionMiddleware(sessions: ConsoleSessions(database: database), service: service))
        router.add(middleware: AccessLogMiddleware(logger: logger))
        router.add(middleware: ProblemMiddleware(openAPI: openAPI))
        if !publicPrefixes.isEmpty { router.add(middleware: RateLimitMiddleware(limiter: publicLimit, prefixes: publicPrefixes)) }
        router.add(middleware: BodyLimitMiddleware(maxBodyBytes: maxBodyBytes))
        // Callbacks from other systems check a key of their own, and are not limited per client.
        // Console pages send a browser without a session to the sign-in page instead.
        router.add(middleware: BearerAuthMiddleware(
            service: service, publicPaths: publicPaths, publicPrefixes: publicPrefixes + callbackPrefixes + [Console.root]))
        router.add(middleware: AuditMiddleware())
        AuditTrail.addRoute(to: router, database: database)

        router.get("/health/live") { _, _ in ["status": "live"] }
        router.get("/health/ready") { _, _ -> Response in
            let report = readiness.report
            var response = try Response(
                status: report.ready ? .ok : .serviceUnavailable,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONEncoder().encode(report))))
            response.headers[.cacheControl] = "no-store"
            return response
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: openAPI.yaml)))
        }
        return router
    }
}
