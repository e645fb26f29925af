import Hummingbird
import ServiceKit

// The one place where registration's domain errors become problem+json answers.

extension RegisterError: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .residentExists(let existingID):
            .conflict(kind: "resident-exists", "this identity number is already registered as \(existingID)",
                      extensions: ["existing": .string("/v1/residents/\(existingID)")])
        }
    }
}

extension ApplicationError: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .notEligible(let program, let rule):
            .conflict(kind: "not-eligible", rule, extensions: ["program": .string(program.rawValue)])
        case .notAuthor(let author):
            Problem(.forbidden, kind: "not-author", title: "Only the author may submit a draft", detail: "\(author) wrote this draft")
        case .meansTestFailed(let result, let kind):
            .conflict(
                kind: "means-test-failed",
                "income per member \(result.incomePerMemberFen) fen is not below the \(kind.rawValue) standard \(result.standardFen) fen",
                extensions: [
                    "incomePerMemberFen": .int(result.incomePerMemberFen), "standardFen": .int(result.standardFen),
                    "members": .int(result.members),
                ])
        case .stateConflict(let status, let action):
            .conflict(kind: "state-conflict", "the application is \(status); it cannot \(action)",
                      extensions: ["status": .string(status)])
        case .householdHasOpenApplication(let applicationId, let program):
            .conflict(kind: "household-has-open-application",
                      "the household already has \(program.rawValue) application \(applicationId) open; \(program.rawValue) is granted once per household",
                      extensions: ["existing": .string("/v1/applications/\(applicationId)"), "program": .string(program.rawValue)])
        case .personHasOpenPlan(let applicationId):
            .conflict(kind: "person-has-open-plan", "the resident already has home-care application \(applicationId) open; one plan per person",
                      extensions: ["existing": .string("/v1/applications/\(applicationId)")])
        }
    }
}

extension ImportError: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .unknownColumns(let names): .unknownFields(names)
        }
    }
}
