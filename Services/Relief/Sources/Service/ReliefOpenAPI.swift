import ServiceKit

/// The OpenAPI 3.1 document served at `/openapi.yaml`; a test keeps it in step with the routes.
public enum ReliefOpenAPI {
    public static let document = OpenAPIDocument(yaml: """
        openapi: 3.1.0
        info:
          title: Relief disbursement service
          version: "1"
          description: Entitlements kept from registration's decisions. Errors are application/problem+json (RFC 9457).
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
        security: [{bearer: []}]
        paths:
        \(OpenAPIDocument.standardPaths)
          /v1/entitlements:
            get:
              summary: Each application's entitlement in a month (finance-officer, approver, auditor)
              parameters:
                - {name: month, in: query, required: true, schema: {type: string, pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$"}}
                - {name: program, in: query, schema: {type: string}}
              responses:
                "200": {description: "Entitlements: the decision in force, since when, and whether the month is payable"}
                "400": {description: "invalid-query (application/problem+json)"}
        """)
}
