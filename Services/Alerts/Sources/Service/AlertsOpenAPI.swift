import ServiceKit

/// The OpenAPI 3.1 document served at `/openapi.yaml`; a test keeps it in step with the routes.
public enum AlertsOpenAPI {
    public static let document = OpenAPIDocument(yaml: """
        openapi: 3.1.0
        info:
          title: Disaster alerts service
          version: "1"
          description: >-
            CAP 1.2 alerts for typhoons and floods, targeted at the residents of the areas they cover
            (vulnerable residents first), fanned out as notifications; answers, door-to-door follow-up
            and shelters. Errors are application/problem+json (RFC 9457); a refused alert names the CAP
            element and the rule (422 invalid-cap, with element and rule).
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
          responses:
            Problem: {description: "A problem (application/problem+json)"}
          parameters:
            alertId: {name: alertId, in: path, required: true, schema: {type: string}, description: CAP identifier}
            shelterId: {name: shelterId, in: path, required: true, schema: {type: string}}
          schemas:
            Person:
              type: object
              additionalProperties: false
              required: [personId]
              properties: {personId: {type: string, description: person pseudonym}}
        security: [{bearer: []}]
        paths:
        \(OpenAPIDocument.standardPaths)
          /v1/alerts:
            post:
              summary: Issue a CAP alert (duty officer); Actual Extreme or Severe alerts wait for a second officer
              requestBody:
                content:
                  application/cap+xml: {schema: {type: string, description: "a CAP 1.2 <alert> document"}}
                  application/json: {schema: {type: object, description: the CAP elements by name, repeated ones as arrays}}
              responses:
                "201": {description: "The stored alert: state awaiting-approval or issued, and the communities targeted"}
                "409": {description: duplicate-alert}
                "415": {$ref: "#/components/responses/Problem"}
                "422": {description: "invalid-cap, with element and rule"}
            get:
              summary: The newest alerts
              responses:
                "200": {description: Alerts}
          /v1/alerts/{alertId}:
            get:
              summary: One alert, with its state and targeted communities
              parameters: [{$ref: "#/components/parameters/alertId"}]
              responses:
                "200": {description: The alert}
                "404": {$ref: "#/components/responses/Problem"}
          /v1/alerts/{alertId}/cap:
            get:
              summary: The alert as a CAP 1.2 XML document
              parameters: [{$ref: "#/components/parameters/alertId"}]
              responses:
                "200": {description: CAP XML, content: {application/cap+xml: {schema: {type: string}}}}
                "404": {$ref: "#/components/responses/Problem"}
          /v1/alerts/{alertId}/approval:
            post:
              summary: Approve a held alert (a duty officer other than its issuer); it is then issued
              parameters: [{$ref: "#/components/parameters/alertId"}]
              responses:
                "200": {description: The alert, issued}
                "403": {description: four-eyes}
                "409": {description: not-awaiting-approval}
          /v1/alerts/{alertId}/areas:
            get:
              summary: Per community, targeted, notified, acknowledged, needs help, vulnerable still to visit
              parameters: [{$ref: "#/components/parameters/alertId"}]
              responses:
                "200": {description: Area statuses}
          /v1/alerts/{alertId}/areas/{areaCode}/visits:
            get:
              summary: Vulnerable residents of a community with no answer yet or needing help (officers)
              parameters:
                - {$ref: "#/components/parameters/alertId"}
                - {name: areaCode, in: path, required: true, schema: {type: string}}
              responses:
                "200": {description: Residents to visit}
          /v1/alerts/{alertId}/acknowledgements:
            post:
              summary: Record an answer (officers, or the notification gateways); the latest answer counts
              parameters: [{$ref: "#/components/parameters/alertId"}]
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [recipientId, response]
                      properties:
                        recipientId: {type: string}
                        response: {type: string, enum: [received, safe, needs-help, evacuated]}
                        shelterId: {type: string}
                        notificationId: {type: string}
              responses:
                "201": {description: The answer}
                "404": {$ref: "#/components/responses/Problem"}
                "409": {description: alert-not-issued}
          /v1/shelters:
            post:
              summary: Register a shelter (officers)
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [shelterId, name, areaCode, capacity, location]
                      properties:
                        shelterId: {type: string}
                        name: {type: string}
                        areaCode: {type: string}
                        capacity: {type: integer, minimum: 1}
                        open: {type: boolean, default: true}
                        location: {type: object, required: [latitude, longitude], properties: {latitude: {type: number}, longitude: {type: number}}}
                        managerStaffId: {type: string}
                        managerPhone: {type: string, description: restricted; used for notifications only}
              responses:
                "201": {description: The shelter}
                "400": {description: invalid-body}
                "409": {description: shelter-exists}
            get:
              summary: Shelters, optionally within an area (community or street)
              parameters: [{name: areaCode, in: query, schema: {type: string}}]
              responses:
                "200": {description: Shelters}
          /v1/shelters/occupancy:
            get:
              summary: Capacity and occupancy per community
              responses:
                "200": {description: Occupancy per area}
          /v1/shelters/{shelterId}:
            get:
              summary: One shelter
              parameters: [{$ref: "#/components/parameters/shelterId"}]
              responses:
                "200": {description: The shelter}
                "404": {$ref: "#/components/responses/Problem"}
          /v1/shelters/{shelterId}/opening:
            post:
              summary: Open a shelter
              parameters: [{$ref: "#/components/parameters/shelterId"}]
              responses:
                "200": {description: The shelter}
          /v1/shelters/{shelterId}/closing:
            post:
              summary: Close a shelter to new arrivals
              parameters: [{$ref: "#/components/parameters/shelterId"}]
              responses:
                "200": {description: The shelter}
          /v1/shelters/{shelterId}/check-ins:
            post:
              summary: Check a resident in; a full or closed shelter refuses, naming the nearest open one with room in the street
              parameters: [{$ref: "#/components/parameters/shelterId"}]
              requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Person"}}}}
              responses:
                "201": {description: The shelter}
                "409": {description: "shelter-full or shelter-closed (with alternative), already-checked-in"}
          /v1/shelters/{shelterId}/check-outs:
            post:
              summary: Check a resident out
              parameters: [{$ref: "#/components/parameters/shelterId"}]
              requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Person"}}}}
              responses:
                "200": {description: The shelter}
                "409": {description: not-checked-in}
        """)
}
