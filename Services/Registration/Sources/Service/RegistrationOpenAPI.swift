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
        \(OpenAPIDocument.standardPaths)
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
            get:
              summary: Residents by area, flags and program status, a page at a time
              parameters:
                - {name: areaCode, in: query, schema: {type: string}, description: a community, or a street or the district for all below it}
                - {name: flags, in: query, schema: {type: string}, description: "comma-separated: aged-60-plus, aged-80-plus, living-alone, disability, left-behind-child, child-in-difficulty, institutional-care"}
                - {name: program, in: query, schema: {type: string}}
                - {name: programStatus, in: query, schema: {type: string, default: active}}
                - {name: page, in: query, schema: {type: integer, minimum: 1, default: 1}}
                - {name: pageSize, in: query, schema: {type: integer, minimum: 1, maximum: 500, default: 50}}
              responses:
                "200": {description: "A page: residents, page, pageSize, total"}
                "400": {$ref: "#/components/responses/Problem"}
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
            patch:
              summary: Correct a resident's record (caseworker); every changed field is kept in the history
              parameters: [{name: residentId, in: path, required: true, schema: {type: string}}]
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [reason]
                      properties:
                        name: {type: string}
                        phone: {type: string, description: empty removes the phone}
                        householdId: {type: string, description: moves the resident}
                        relationship: {type: string}
                        disabilityGrade: {type: integer, minimum: 0, maximum: 4, description: 0 removes the grade}
                        leftBehindChild: {type: boolean}
                        childInDifficulty: {type: boolean}
                        institutionalCare: {type: boolean}
                        reason: {type: string}
              responses:
                "200": {description: The corrected resident}
                "400": {$ref: "#/components/responses/Problem"}
                "404": {$ref: "#/components/responses/Problem"}
            delete:
              summary: Remove a resident from the register (caseworker); tombstones on the person and contact topics
              parameters: [{name: residentId, in: path, required: true, schema: {type: string}}]
              responses:
                "204": {description: Removed}
                "404": {$ref: "#/components/responses/Problem"}
          /v1/residents/{residentId}/history:
            get:
              summary: Every correction of a resident, with who, when, why, before and after
              parameters: [{name: residentId, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: The history}
                "404": {$ref: "#/components/responses/Problem"}
          /v1/applications:
            post:
              summary: Submit a benefit application, or keep it as a draft with submit false (caseworker)
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [householdId, beneficiaryResidentId, program]
                      properties:
                        householdId: {type: string}
                        beneficiaryResidentId: {type: string}
                        program: {enum: [dibao, temporary-relief, emergency-relief, medical-assistance, child-living-allowance, elderly-home-care-subsidy]}
                        householdMonthlyIncomeFen: {type: integer, minimum: 0, description: required for dibao}
                        oneOffAmountFen: {type: integer, minimum: 1, description: required for one-off programs}
                        monthlyAmountFen: {type: integer, minimum: 1, description: required for monthly allowances}
                        submit: {type: boolean, default: true}
              responses:
                "201": {description: The application}
                "400": {$ref: "#/components/responses/Problem"}
                "409": {description: "not-eligible: the beneficiary does not meet the program's rule"}
          /v1/applications/{applicationId}:
            get:
              summary: An application and its status
              parameters: [{name: applicationId, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: The application}
                "404": {$ref: "#/components/responses/Problem"}
          /v1/applications/{applicationId}/submission:
            post:
              summary: Submit a draft (its author)
              parameters: [{name: applicationId, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: The application, now submitted}
                "409": {description: "state-conflict: not a draft"}
          /v1/applications/{applicationId}/decisions:
            post:
              summary: Approve, reject, suspend, resume or exit (approver, not the submitter)
              parameters: [{name: applicationId, in: path, required: true, schema: {type: string}}]
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [action]
                      properties:
                        action: {enum: [approve, reject, suspend, resume, exit]}
                        reason: {type: string, description: required for reject, suspend and exit}
                        effectiveMonth: {type: string, pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$", description: defaults to next month}
              responses:
                "200": {description: The application after the decision}
                "403": {description: "four-eyes: the submitter cannot decide; forbidden: not an approver"}
                "409": {description: "state-conflict (already decided) or means-test-failed, with the figures"}
          /v1/imports:
            post:
              summary: Import households and residents from CSV (caseworker); see HouseholdImport for the columns
              parameters:
                - {name: mode, in: query, schema: {enum: [dry-run, all-or-nothing, per-row], default: dry-run}}
              requestBody:
                content:
                  text/csv:
                    schema: {type: string, description: "UTF-8, with or without BOM; header household_ref, area_code, identity_number, name, relationship, and optionally phone, disability_grade, left_behind_child, child_in_difficulty, institutional_care"}
              responses:
                "200": {description: "The report: rows, applied, householdsCreated, residentsCreated, unchanged, errors by line"}
                "400": {$ref: "#/components/responses/Problem"}
                "415": {$ref: "#/components/responses/Problem"}
                "422": {description: "import-refused: all-or-nothing and some rows are bad; errors by line"}
          /v1/reports/programs:
            get:
              summary: Per area and program, approved and exited in the period, and households and persons on the roll
              parameters:
                - {name: from, in: query, required: true, schema: {type: string, format: date}, description: inclusive}
                - {name: until, in: query, required: true, schema: {type: string, format: date}, description: exclusive}
              responses:
                "200": {description: The report}
                "400": {$ref: "#/components/responses/Problem"}
          /v1/reviews:
            get:
              summary: Active benefits whose annual review is due
              parameters: [{name: dueOnOrBefore, in: query, required: true, schema: {type: string, format: date}}]
              responses:
                "200": {description: The applications due for review}
                "400": {$ref: "#/components/responses/Problem"}
        """)
}
