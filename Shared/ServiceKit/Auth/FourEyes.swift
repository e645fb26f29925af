/// The four-eyes rule: whoever decides is not whoever submitted.
public enum FourEyes {
    /// - Throws: ``FourEyesViolation`` when the same staff member would both submit and decide.
    public static func check(submittedBy submitter: String, decidedBy decider: StaffIdentity, what: String) throws(FourEyesViolation) {
        guard submitter != decider.staffID else { throw FourEyesViolation(staffID: decider.staffID, what: what) }
    }
}

/// One person tried to both submit and decide the same thing.
public struct FourEyesViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public let staffID: String
    /// What was to be decided, e.g. "application".
    public let what: String

    public var description: String { "\(staffID) submitted this \(what) and cannot also decide it" }
}
