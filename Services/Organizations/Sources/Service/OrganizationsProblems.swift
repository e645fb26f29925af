import Hummingbird
import ServiceKit

// The one place where the registrar's domain errors become problem+json answers.

extension FilingError: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .documentsMissing(let kind, let missing):
            Problem(.badRequest, kind: "documents-missing", title: "Required documents are missing",
                    detail: "a \(kind.rawValue) filing needs: \(missing.joined(separator: ", "))",
                    extensions: ["missing": .strings(missing)])
        case .nameRefused(let refusal):
            refusal.problem
        case .noLiveReservation(let detail):
            .conflict(kind: "no-live-reservation", detail)
        case .reservationExpired:
            .conflict(kind: "reservation-expired", "the name reservation has lapsed")
        case .wrongState(let detail, let status):
            .conflict(kind: "state-conflict", detail, extensions: status.map { ["status": .string($0)] } ?? [:])
        case .reportExists(let year):
            .conflict(kind: "report-exists", "the \(year) annual report is already approved")
        case .creditCodeExhausted(let region, let reason):
            .conflict(kind: "credit-code", "no credit code can be allotted in \(region): \(reason)")
        }
    }
}

extension NameRefusal: ProblemConvertible {
    public var problem: Problem {
        var extensions: [String: Problem.Extension] = ["rule": .string(rule.rawValue)]
        if let word { extensions["word"] = .string(word) }
        return Problem(rule == .taken ? .conflict : .unprocessableContent, kind: "name-refused",
                       title: "The name cannot be registered", detail: detail, extensions: extensions)
    }
}
