import Hummingbird
import Logging

/// Turns every error into `application/problem+json`: a domain error through its
/// ``ProblemConvertible`` mapping; Hummingbird's own (unknown route, wrong
/// method, body too large) get their stable problem types; an unexpected error becomes a 500
/// that says nothing of its cause, which is logged by type only (its text may hold personal data).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    /// Tells a wrong method on a known path (405 with `Allow`) from an unknown path (404).
    let openAPI: OpenAPIDocument

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as any ProblemConvertible {
            throw error.problem
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                if let allowed = openAPI.allowedMethods(for: request.uri.path) {
                    throw Problem.methodNotAllowed(
                        "\(request.method) is not allowed on \(request.uri.path)", allow: allowed)
                }
                throw Problem.notFound("no route \(request.method) \(request.uri.path)")
            case .methodNotAllowed:
                throw Problem.methodNotAllowed(
                    "\(request.method) is not allowed on \(request.uri.path)",
                    allow: openAPI.allowedMethods(for: request.uri.path) ?? [])
            case .contentTooLarge:
                throw Problem.bodyTooLarge(limit: context.maxBodyBytes)
            case .unsupportedMediaType:
                throw Problem.unsupportedMediaType(request.headers[.contentType])
            default:
                throw Problem(
                    error.status, kind: "http-\(error.status.code)", title: error.status.reasonPhrase,
                    detail: error.body ?? error.status.reasonPhrase)
            }
        } catch {
            context.logger.error("request failed", metadata: [
                "error.type": "\(String(reflecting: type(of: error)))", "request.id": "\(context.requestID)",
            ])
            throw Problem.internalError
        }
    }
}
