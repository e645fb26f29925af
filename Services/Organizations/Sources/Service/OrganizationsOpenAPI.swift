import ServiceKit

/// The OpenAPI 3.1 document served at `/openapi.yaml`; a test keeps it in step with the routes.
public enum OrganizationsOpenAPI {
    public static let document = OpenAPIDocument(yaml: """
        openapi: 3.1.0
        info:
          title: Social-organization filings service
          version: "1"
          description: >-
            Filings with the registrar (name reservation, establishment, change, annual report,
            deregistration) and the public register. Errors are application/problem+json (RFC 9457).
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
          responses:
            Problem: {description: "A problem (application/problem+json)"}
          parameters:
            filingId: {name: filingId, in: path, required: true, schema: {type: string}}
          schemas:
            Details:
              type: object
              properties:
                name: {type: string}
                kind: {type: string, enum: [social-group, private-non-enterprise-unit, foundation]}
                domicileAreaCode: {type: string}
                legalRepresentative: {type: string}
                businessScope: {type: string}
                startUpFundsFen: {type: integer, minimum: 0}
                supervisingUnit: {type: string}
                year: {type: integer}
            Documents:
              type: array
              items: {type: object, required: [title, receivedOn], properties: {title: {type: string}, receivedOn: {type: string, format: date}}}
        security: [{bearer: []}]
        paths:
        \(OpenAPIDocument.standardPaths)
          /v1/filings:
            post:
              summary: Enter a filing (clerk)
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [kind, details]
                      properties:
                        kind: {type: string, enum: [name-reservation, establishment, change, annual-report, deregistration]}
                        organizationId: {type: string, description: required except for a name reservation}
                        details: {$ref: "#/components/schemas/Details"}
                        documents: {$ref: "#/components/schemas/Documents"}
              responses:
                "201": {description: The filing, with its statutory due date}
                "400": {description: "invalid-body, documents-missing (with missing)"}
                "409": {description: "name-refused (rule taken), no-live-reservation, state-conflict"}
                "422": {description: "name-refused (rule length, forbidden-word with word, suffix)"}
          /v1/filings/overdue:
            get:
              summary: Open filings past their due date
              responses:
                "200": {description: Filings}
          /v1/filings/{filingId}:
            get:
              summary: One filing
              parameters: [{$ref: "#/components/parameters/filingId"}]
              responses:
                "200": {description: The filing}
                "404": {$ref: "#/components/responses/Problem"}
          /v1/filings/{filingId}/resubmission:
            post:
              summary: Enter a returned filing again, corrected (clerk); its time limit restarts
              parameters: [{$ref: "#/components/parameters/filingId"}]
              responses:
                "200": {description: The filing}
                "409": {$ref: "#/components/responses/Problem"}
          /v1/filings/{filingId}/acceptance:
            post:
              summary: Accept a submitted filing for decision (registrar, not its clerk)
              parameters: [{$ref: "#/components/parameters/filingId"}]
              responses:
                "200": {description: The filing}
                "403": {description: four-eyes}
                "409": {$ref: "#/components/responses/Problem"}
          /v1/filings/{filingId}/return:
            post:
              summary: Return a filing for correction, with the reason (registrar)
              parameters: [{$ref: "#/components/parameters/filingId"}]
              responses:
                "200": {description: The filing}
                "409": {$ref: "#/components/responses/Problem"}
          /v1/filings/{filingId}/approval:
            post:
              summary: Approve an accepted filing and apply it to the register (registrar, not its clerk)
              parameters: [{$ref: "#/components/parameters/filingId"}]
              responses:
                "200": {description: The filing}
                "403": {description: four-eyes}
                "409": {description: "name-refused (taken), reservation-expired, state-conflict"}
          /v1/filings/{filingId}/rejection:
            post:
              summary: Reject a filing, with the reason (registrar)
              parameters: [{$ref: "#/components/parameters/filingId"}]
              responses:
                "200": {description: The filing}
                "409": {$ref: "#/components/responses/Problem"}
          /v1/organizations/{organizationId}/revocation:
            post:
              summary: Revoke an active organization's registration, with the reason (registrar)
              parameters: [{name: organizationId, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: The organization, revoked}
                "404": {$ref: "#/components/responses/Problem"}
                "409": {$ref: "#/components/responses/Problem"}
          /v1/reports/filings:
            get:
              summary: Approved filings per kind decided between two dates
              parameters:
                - {name: from, in: query, required: true, schema: {type: string, format: date}}
                - {name: to, in: query, required: true, schema: {type: string, format: date}}
              responses:
                "200": {description: "{from, to, approved: {kind: count}}"}
                "400": {$ref: "#/components/responses/Problem"}
          /v1/register:
            get:
              summary: Public register lookup (no token)
              security: []
              parameters:
                - {name: name, in: query, schema: {type: string}}
                - {name: code, in: query, schema: {type: string}}
                - {name: kind, in: query, schema: {type: string}}
                - {name: status, in: query, schema: {type: string}}
                - {name: area, in: query, schema: {type: string}}
              responses:
                "200": {description: Register entries}
                "400": {$ref: "#/components/responses/Problem"}
          /v1/register/{organizationId}:
            get:
              summary: One register entry and its history (no token)
              security: []
              parameters: [{name: organizationId, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: "{organization, history}"}
                "404": {$ref: "#/components/responses/Problem"}
        """)
}
