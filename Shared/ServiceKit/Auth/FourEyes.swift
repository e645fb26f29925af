/// The four-eyes rule: whoever decides is not whoever submitted.
public enum FourEyes {
    /// - Throws: a 403 `four-eyes` problem when the same staff member would both submit and decide.
    public static func check(submittedBy submitter: String, decidedBy decider: StaffIdentity, what: String) throws(Problem) {
        guard submitter != decider.staffID else {
            throw Problem.fourEyes("\(decider.staffID) submitted this \(what) and cannot also decide it")
        }
    }
}
