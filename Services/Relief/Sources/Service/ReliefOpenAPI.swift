import Foundation
import ServiceKit

/// The OpenAPI 3.1 document served at `/openapi.yaml`: `openapi.yaml` beside this file (a resource of
/// the target, so standard tools lint it), merged with ServiceKit's shared fragment. A test keeps it
/// in step with the routes.
public enum ReliefOpenAPI {
    public static let document = OpenAPIDocument(serviceFile: Bundle.module.url(forResource: "openapi", withExtension: "yaml"))
}
