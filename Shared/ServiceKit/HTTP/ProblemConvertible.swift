import CivilDomain

/// A domain error the edge can answer with: each service's `Service/` folder conforms its
/// desks' errors here, so the domain says what went wrong in the bureau's words and only the
/// edge knows status codes and problem types.
public protocol ProblemConvertible: Error {
    var problem: Problem { get }
}

extension InvalidInput: ProblemConvertible {
    public var problem: Problem { .invalidBody(message, fields: fields) }
}

extension NotFound: ProblemConvertible {
    public var problem: Problem { .notFound(message) }
}

extension FourEyesViolation: ProblemConvertible {
    public var problem: Problem { .fourEyes(description) }
}

extension Fen.Overflow: ProblemConvertible {
    public var problem: Problem {
        Problem(.unprocessableContent, kind: "amount-overflow", title: "An amount is too large", detail: description)
    }
}
