import ServiceKit

/// The OpenAPI 3.1 document served at `/openapi.yaml`; a test keeps it in step with the routes.
public enum ReliefOpenAPI {
    public static let document = OpenAPIDocument(yaml: """
        openapi: 3.1.0
        info:
          title: Relief disbursement service
          version: "1"
          description: >-
            Programs, entitlements kept from registration's decisions, payroll runs, payments and
            reconciliation. Money is integer fen. Errors are application/problem+json (RFC 9457).
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
          responses:
            Problem: {description: "A problem (application/problem+json)"}
          parameters:
            runId: {name: runId, in: path, required: true, schema: {type: string}}
        security: [{bearer: []}]
        paths:
        \(OpenAPIDocument.standardPaths)
          /v1/programs:
            get:
              summary: The program catalog in force, with its version
              responses:
                "200": {description: "{version, programs: [{id, name, kind, benefit, budgets, rates}]}"}
          /v1/programs/{programId}/recipients:
            parameters:
              - {name: programId, in: path, required: true, schema: {type: string}}
            post:
              summary: Add residents to a campaign grant's listed group; listing someone again changes nothing (finance-officer)
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [recipients]
                      properties:
                        recipients:
                          type: array
                          minItems: 1
                          maxItems: 10000
                          items:
                            type: object
                            additionalProperties: false
                            required: [beneficiaryId, householdId]
                            properties:
                              beneficiaryId: {type: string, pattern: "^p_[0-9a-f]{32}$"}
                              householdId: {type: string}
              responses:
                "200": {description: "{programId, listed, alreadyListed}"}
                "400": {$ref: "#/components/responses/Problem"}
                "404": {description: "No campaign with that id in the catalog"}
            get:
              summary: A campaign's listed group, with who listed each person and when
              responses:
                "200": {description: "[{beneficiaryId, householdId, listedBy, listedAt}]"}
                "404": {description: "No campaign with that id in the catalog"}
          /v1/facilities/{facilityId}:
            put:
              summary: Record an elderly-care facility (its organization id) or its new bed count, for facility subsidies (finance-officer)
              parameters:
                - {name: facilityId, in: path, required: true, schema: {type: string}}
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [name, areaCode, beds]
                      properties:
                        name: {type: string}
                        areaCode: {type: string, pattern: "^[0-9]{12}$"}
                        beds: {type: integer, minimum: 1, maximum: 100000}
              responses:
                "200": {description: "{facilityId, name, areaCode, beds, recordedBy, recordedAt}"}
                "400": {$ref: "#/components/responses/Problem"}
          /v1/facilities:
            get:
              summary: The care facilities that facility subsidies pay
              responses:
                "200": {description: "[{facilityId, name, areaCode, beds, recordedBy, recordedAt}]"}
          /v1/entitlements:
            get:
              summary: Each application's entitlement in a month (finance-officer, approver, auditor)
              parameters:
                - {name: month, in: query, required: true, schema: {type: string, pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$"}}
                - {name: program, in: query, schema: {type: string}}
              responses:
                "200": {description: "Entitlements: the decision in force, since when, and whether the month is payable"}
                "400": {$ref: "#/components/responses/Problem"}
          /v1/payroll-runs:
            post:
              summary: Draft a run for a program and month (finance-officer)
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [program, period]
                      properties: {program: {type: string}, period: {type: string, pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$"}}
              responses:
                "201": {description: "The draft: beneficiaries, total, held lines, approvals needed"}
                "400": {$ref: "#/components/responses/Problem"}
                "409": {description: "run-open, budget-exceeded (with budgetFen, committedFen, remainingFen, runTotalFen), no-program-rate"}
            get:
              summary: Runs, optionally for one program and month
              parameters:
                - {name: program, in: query, schema: {type: string}}
                - {name: period, in: query, schema: {type: string}}
              responses:
                "200": {description: Runs}
          /v1/payroll-runs/{runId}:
            get:
              summary: One run
              parameters: [{$ref: "#/components/parameters/runId"}]
              responses:
                "200": {description: The run}
                "404": {$ref: "#/components/responses/Problem"}
          /v1/payroll-runs/{runId}/lines:
            get:
              summary: The run's lines (pending, instructed, already-paid, held with the reason)
              parameters: [{$ref: "#/components/parameters/runId"}]
              responses:
                "200": {description: Lines}
          /v1/payroll-runs/{runId}/approval:
            post:
              summary: Approve a draft (approver, not its author; two approvers above the program's threshold)
              parameters: [{$ref: "#/components/parameters/runId"}]
              responses:
                "200": {description: The run, approved once it has the approvals it needs}
                "403": {description: four-eyes}
                "409": {description: state-conflict or budget-exceeded}
          /v1/payroll-runs/{runId}/release:
            post:
              summary: Publish the run's payment instructions (finance-officer); safe to retry
              parameters: [{$ref: "#/components/parameters/runId"}]
              responses:
                "200": {description: The released run}
                "409": {$ref: "#/components/responses/Problem"}
          /v1/payroll-runs/{runId}/cancellation:
            post:
              summary: Cancel a draft or approved run (finance-officer, approver)
              parameters: [{$ref: "#/components/parameters/runId"}]
              responses:
                "200": {description: The cancelled run}
                "409": {$ref: "#/components/responses/Problem"}
          /v1/payroll-runs/{runId}/reconciliation:
            get:
              summary: Instructed, confirmed, failed and outstanding payments, in counts and fen
              parameters: [{$ref: "#/components/parameters/runId"}]
              responses:
                "200": {description: The reconciliation report}
            post:
              summary: Close a released run once every payment has a result (finance-officer)
              parameters: [{$ref: "#/components/parameters/runId"}]
              responses:
                "200": {description: The reconciled run}
                "409": {description: results-outstanding (with outstandingCount, outstandingFen) or state-conflict}
          /v1/payroll-runs/{runId}/payments.csv:
            get:
              summary: The run's payments as CSV for the finance office (UTF-8 with BOM)
              parameters: [{$ref: "#/components/parameters/runId"}]
              responses:
                "200": {description: "text/csv"}
          /v1/payments:
            get:
              summary: Ledger entries by beneficiary, or by program and month
              parameters:
                - {name: beneficiary, in: query, schema: {type: string}}
                - {name: program, in: query, schema: {type: string}}
                - {name: period, in: query, schema: {type: string}}
              responses:
                "200": {description: Payments}
                "400": {$ref: "#/components/responses/Problem"}
          /v1/payments/{paymentId}/reissue:
            post:
              summary: Instruct a failed payment again under the same idempotency key (finance-officer)
              parameters: [{name: paymentId, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: The ledger entry with its new attempt}
                "404": {$ref: "#/components/responses/Problem"}
                "409": {$ref: "#/components/responses/Problem"}
          /v1/medical-claims:
            post:
              summary: Enter a medical-assistance claim (finance-officer, caseworker)
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [claimId, beneficiaryId, householdId, serviceMonth, outOfPocketFen]
                      properties:
                        claimId: {type: string}
                        beneficiaryId: {type: string, pattern: "^p_[0-9a-f]{32}$"}
                        householdId: {type: string}
                        serviceMonth: {type: string}
                        outOfPocketFen: {type: integer, minimum: 1}
              responses:
                "201": {description: "The claim with shareFen and assistanceFen (after the yearly cap)"}
                "400": {$ref: "#/components/responses/Problem"}
                "409": {description: "annual-cap-reached, not-entitled, claim-exists"}
          /v1/reports/payments:
            get:
              summary: Amount paid and person-times per program and area for a range of months
              parameters:
                - {name: from, in: query, required: true, schema: {type: string}}
                - {name: to, in: query, required: true, schema: {type: string}}
              responses:
                "200": {description: Totals}
                "400": {$ref: "#/components/responses/Problem"}
          /v1/reports/payments.csv:
            get:
              summary: The same totals as CSV
              parameters:
                - {name: from, in: query, required: true, schema: {type: string}}
                - {name: to, in: query, required: true, schema: {type: string}}
              responses:
                "200": {description: "text/csv"}
        """)
}
