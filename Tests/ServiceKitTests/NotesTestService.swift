import Foundation
import Hummingbird
import KafkaTestSupport
import SQLKit
import ServiceKit

/// A small service built the way the real ones are, for the service-edge tests: a caseworker
/// submits a note, an approver (not the same person) approves it.
enum NotesTestService {
    struct NewNote: StrictRequestBody {
        let text: String
        let priority: Int?
        static let fields: Set<String> = ["text", "priority"]
    }

    struct Note: ResponseEncodable {
        let id: String
        let text: String
        let submittedBy: String
        let approvedBy: String?
    }

    static let migration = DatabaseMigration("notes-1") { database in
        try await database.create(table: "notes")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("text", type: .text, .notNull)
            .column("submitted_by", type: .text, .notNull)
            .column("approved_by", type: .text)
            .run()
    }

    static let tokens = try! TokenDirectory(entries: """
        # test tokens: the hash of "caseworker-token", "approver-token", "auditor-token"
        \(TokenDirectory.hash(ofToken: "caseworker-token")) staff-0042 registration caseworker registration
        \(TokenDirectory.hash(ofToken: "approver-token")) staff-0007 registration caseworker,approver registration
        \(TokenDirectory.hash(ofToken: "auditor-token")) staff-0900 audit auditor registration
        """)

    static let openAPI = OpenAPIDocument(yaml: """
        openapi: 3.1.0
        info: {title: notes, version: "1"}
        paths:
          /health/live: {get: {responses: {"200": {description: live}}}}
          /health/ready: {get: {responses: {"200": {description: ready}, "503": {description: not ready}}}}
          /metrics: {get: {responses: {"200": {description: Prometheus text}}}}
          /openapi.yaml: {get: {responses: {"200": {description: this document}}}}
          /v1/audit: {get: {responses: {"200": {description: the audit trail}}}}
          /v1/notes:
            post: {responses: {"201": {description: created}}}
          /v1/notes/{id}:
            get: {responses: {"200": {description: the note}, "404": {description: unknown}}}
          /v1/notes/{id}/approval:
            post: {responses: {"200": {description: approved}, "403": {description: four-eyes}}}
        """)

    static func router(database: ServiceDatabase, readiness: Readiness, maxBodyBytes: Int = 1024) -> Router<ServiceRequestContext> {
        let router = ServiceRouter.make(
            service: .registration, tokens: tokens, audit: database, readiness: readiness, openAPI: openAPI, maxBodyBytes: maxBodyBytes, logger: quietLogger)
        router.post("/v1/notes") { request, context -> EditedResponse<Note> in
            let staff = try context.staff(withRole: .caseworker)
            let body = try await request.decodeJSON(as: NewNote.self, context: context)
            guard !body.text.isEmpty else { throw Problem.invalidBody("'text' is empty", fields: ["text": "must not be empty"]) }
            let note = Note(id: UUID().uuidString.lowercased(), text: body.text, submittedBy: staff.staffID, approvedBy: nil)
            try await database.transaction { database in
                try await database.insert(into: "notes").columns("id", "text", "submitted_by")
                    .values(SQLBind(note.id), SQLBind(note.text), SQLBind(note.submittedBy)).run()
            }
            return EditedResponse(status: .created, response: note)
        }
        router.get("/v1/notes/{id}") { _, context -> Note in
            let id = try context.parameters.require("id")
            return try await load(id, database)
        }
        router.post("/v1/notes/{id}/approval") { _, context -> Note in
            let staff = try context.staff(withRole: .approver)
            let id = try context.parameters.require("id")
            let note = try await load(id, database)
            try FourEyes.check(submittedBy: note.submittedBy, decidedBy: staff, what: "note")
            try await database.transaction { database in
                try await database.update("notes").set("approved_by", to: SQLBind(staff.staffID))
                    .where("id", .equal, SQLBind(id)).run()
            }
            return Note(id: note.id, text: note.text, submittedBy: note.submittedBy, approvedBy: staff.staffID)
        }
        return router
    }

    static func load(_ id: String, _ database: ServiceDatabase) async throws -> Note {
        let row = try await database.withConnection { database in
            try await database.select().columns("id", "text", "submitted_by", "approved_by").from("notes")
                .where("id", .equal, SQLBind(id)).first()
        }
        guard let row else { throw Problem.notFound("no note \(id)") }
        return Note(
            id: try row.decode(column: "id", as: String.self), text: try row.decode(column: "text", as: String.self),
            submittedBy: try row.decode(column: "submitted_by", as: String.self),
            approvedBy: try row.decode(column: "approved_by", as: String?.self))
    }

    static func count(_ database: ServiceDatabase) async throws -> Int {
        try await database.withConnection { database in
            try await database.select().column("id").from("notes").all().count
        }
    }
}
