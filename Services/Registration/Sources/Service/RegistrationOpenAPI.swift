import ServiceKit

/// The OpenAPI 3.1 document served at `/openapi.yaml`; a test keeps it in step with the routes.
public enum RegistrationOpenAPI {
    public static let document = OpenAPIDocument(yaml: """
        openapi: 3.1.0
        info:
          title: Registration service
          version: "1"
          description: Households and residents of the district. Errors are application/problem+json (RFC 9457).
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
          responses:
            Problem: {description: "A problem (application/problem+json)"}
        security: [{bearer: []}]
        paths:
          /health/live:
            get: {summary: Liveness, security: [], responses: {"200": {description: alive}}}
          /health/ready:
            get: {summary: Readiness, security: [], responses: {"200": {description: ready}, "503": {description: not ready}}}
          /metrics:
            get: {summary: Prometheus metrics, security: [], responses: {"200": {description: Prometheus text}}}
          /openapi.yaml:
            get: {summary: This document, responses: {"200": {description: OpenAPI YAML}}}
          /v1/households:
            post:
              summary: Open a household in a community or village (caseworker)
              requestBody:
                content:
                  application/json:
                    schema: {type: object, required: [areaCode], additionalProperties: false, properties: {areaCode: {type: string}}}
              responses:
                "201": {description: The household}
                "400": {$ref: "#/components/responses/Problem"}
          /v1/households/{householdId}:
            get:
              summary: A household and its members (identity numbers masked)
              parameters: [{name: householdId, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: The household}
                "404": {$ref: "#/components/responses/Problem"}
          /v1/residents:
            post:
              summary: Register a resident (caseworker)
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [identityNumber, name, householdId, relationship]
                      properties:
                        identityNumber: {type: string, description: 18 characters, GB 11643}
                        name: {type: string}
                        phone: {type: string, pattern: "^1[0-9]{10}$"}
                        householdId: {type: string}
                        relationship: {type: string, description: "head, spouse, child, parent, ..."}
                        disabilityGrade: {type: integer, minimum: 1, maximum: 4}
                        leftBehindChild: {type: boolean}
                        childInDifficulty: {type: boolean}
                        institutionalCare: {type: boolean}
              responses:
                "201": {description: The resident, with warnings such as a likely duplicate}
                "400": {$ref: "#/components/responses/Problem"}
                "409": {description: "resident-exists: the identity number is registered; names the existing record"}
          /v1/residents/{residentId}:
            get:
              summary: A resident (identity number masked)
              parameters: [{name: residentId, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: The resident}
                "404": {$ref: "#/components/responses/Problem"}
            delete:
              summary: Remove a resident from the register (caseworker); tombstones on the person and contact topics
              parameters: [{name: residentId, in: path, required: true, schema: {type: string}}]
              responses:
                "204": {description: Removed}
                "404": {$ref: "#/components/responses/Problem"}
        """)
}
