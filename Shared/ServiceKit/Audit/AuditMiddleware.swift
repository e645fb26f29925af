import Hummingbird

/// Makes every write a staff member sends an ``AuditTrail/Act`` for the transactions it runs.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    static let writes: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let staff = context.staff, Self.writes.contains(request.method) else { return try await next(request, context) }
        let act = AuditTrail.Act(staffID: staff.staffID, method: request.method.rawValue, path: request.uri.path,
                                 requestID: context.requestID)
        return try await AuditTrail.$act.withValue(act) { try await next(request, context) }
    }
}
