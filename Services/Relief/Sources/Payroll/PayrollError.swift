/// Why the finance office's request on a payroll run was refused, in the bureau's words.
public enum PayrollError: Error, Sendable, Equatable {
    /// The catalog has no rate for the program in that month.
    case noRate(program: String, period: String)
    /// A run for the program and month is still open (this one); release or cancel it first.
    case runOpen(runId: String, program: String, period: String)
    /// This staff member has already approved the run; a second approver is needed.
    case alreadyApproved(staffID: String, runId: String)
    /// The run would take the program over its budget for the year.
    case budgetExceeded(program: String, year: String, budgetFen: Int, committedFen: Int, remainingFen: Int, runTotalFen: Int)
    /// The run is in a state from which `action` is not possible.
    case wrongState(runId: String, state: PayrollRun.State, action: String)
    /// The run's program has been taken out of the catalog since it was drafted.
    case programNotInCatalog(program: String, runId: String)
    /// The bank has not reported on every payment of the run yet.
    case resultsOutstanding(count: Int, fen: Int)
}

/// Why a payment or a claim was refused.
public enum PaymentError: Error, Sendable, Equatable {
    /// Only failed payments are reissued; this one is in `status`.
    case notReissuable(paymentId: String, status: String)
    /// The key has been instructed `attempts` times, the most a reissue allows.
    case reissueLimit(paymentId: String, attempts: Int, maximum: Int)
    /// The payment's run is reconciled or cancelled: its books are closed.
    case runClosed(paymentId: String, runId: String, state: String)
    /// No finance officer has asked to reissue this instruction (or it was reissued already).
    case reissueNotRequested(paymentId: String)
    /// A ledger line names a program that is neither a benefit nor a grant.
    case unknownProgram(paymentId: String, program: String)
    /// The catalog has no medical-assistance rate for the service month.
    case noClaimRate(month: String)
    /// The beneficiary has no medical-assistance entitlement in the month.
    case notEntitled(month: String)
    /// The claim id was entered before with other figures.
    case claimExists(claimId: String)
    /// The beneficiary has already received the year's cap.
    case annualCapReached(capFen: Int, usedFen: Int, year: String)
}
