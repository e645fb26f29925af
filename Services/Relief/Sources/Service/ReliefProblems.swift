import Hummingbird
import ServiceKit

// The one place where relief's domain errors become problem+json answers.

extension PayrollError: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .noRate(let program, let period):
            .conflict(kind: "no-program-rate", "the catalog has no rate for \(program) in \(period)")
        case .runOpen(let runId, let program, let period):
            .conflict(kind: "run-open", "run \(runId) for \(program) \(period) is still open: release or cancel it first",
                      extensions: ["runId": .string(runId)])
        case .alreadyApproved(let staffID, let runId):
            .fourEyes("\(staffID) has already approved \(runId); a second approver is needed")
        case .budgetExceeded(let program, let year, let budget, let committed, let remaining, let runTotal):
            .conflict(
                kind: "budget-exceeded",
                "the run totals \(runTotal) fen but \(program) has \(remaining) fen left of its \(year) budget of \(budget) fen (\(committed) fen committed)",
                extensions: ["budgetFen": .int(budget), "committedFen": .int(committed), "remainingFen": .int(remaining),
                             "runTotalFen": .int(runTotal), "year": .string(year)])
        case .wrongState(let runId, let state, let action):
            .conflict(kind: "state-conflict", "run \(runId) is \(state.rawValue); it cannot \(action)",
                      extensions: ["status": .string(state.rawValue)])
        case .programNotInCatalog(let program, let runId):
            .conflict(kind: "program-not-in-catalog",
                      "program \(program) of run \(runId) is no longer in the catalog; restore it to release the run")
        case .resultsOutstanding(let count, let fen):
            .conflict(kind: "results-outstanding", "\(count) payments (\(fen) fen) have no result yet",
                      extensions: ["outstandingCount": .int(count), "outstandingFen": .int(fen)])
        }
    }
}

extension PaymentError: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .notReissuable(let paymentId, let status):
            .conflict(kind: "state-conflict", "payment \(paymentId) is \(status); only failed payments are reissued",
                      extensions: ["status": .string(status)])
        case .reissueLimit(let paymentId, let attempts, let maximum):
            .conflict(kind: "reissue-limit", "payment \(paymentId) has been instructed \(attempts) times, the most allowed (\(maximum))",
                      extensions: ["attempts": .int(attempts), "maximum": .int(maximum)])
        case .runClosed(let paymentId, let runId, let state):
            .conflict(kind: "run-closed", "payment \(paymentId) belongs to run \(runId), which is \(state); a closed run's payments are not reissued",
                      extensions: ["runId": .string(runId), "state": .string(state)])
        case .reissueNotRequested(let paymentId):
            .conflict(kind: "reissue-not-requested", "no finance officer has asked to reissue payment \(paymentId)")
        case .unknownProgram(let paymentId, let program):
            .conflict(kind: "unknown-program", "payment \(paymentId) names program \(program), which is neither a benefit nor a grant")
        case .noClaimRate(let month):
            .conflict(kind: "no-program-rate", "the catalog has no medical-assistance rate for \(month)")
        case .notEntitled(let month):
            .conflict(kind: "not-entitled", "the beneficiary has no medical-assistance entitlement in \(month)")
        case .claimExists(let claimId):
            .conflict(kind: "claim-exists", "claim '\(claimId)' was entered with other figures")
        case .annualCapReached(let cap, let used, let year):
            .conflict(kind: "annual-cap-reached", "the beneficiary has received the yearly cap of \(cap) fen for \(year)",
                      extensions: ["annualCapFen": .int(cap), "usedFen": .int(used)])
        }
    }
}

extension CareError: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .providerNotActive(let providerId, let status):
            .conflict(kind: "provider-not-active", "organization '\(providerId)' is \(status) in the register: it takes no home-care work")
        case .providerExists(let providerId):
            .conflict(kind: "provider-exists", "provider '\(providerId)' is already contracted")
        case .notAProvider(let providerId):
            Problem(.forbidden, kind: "not-a-provider", title: "Not a contracted provider", detail: "'\(providerId)' has no home-care contract")
        case .outsideContract(let providerId, let month):
            .conflict(kind: "outside-contract", "provider '\(providerId)' has no contract for \(month)")
        case .notEligible(let personId, let month):
            .conflict(kind: "not-eligible", "\(personId) has no home-care plan in force in \(month)")
        case .outsidePlan(let serviceType, let allowed):
            .conflict(kind: "outside-plan", "\(serviceType) is not in the elder's plan (\(allowed.joined(separator: ", ")))")
        case .notContracted(let serviceType):
            .conflict(kind: "not-contracted", "the provider has no contracted rate for \(serviceType)")
        case .areaNotServed(let areaCode):
            .conflict(kind: "area-not-served", "the elder lives in \(areaCode), which the provider does not serve")
        case .beyondMonthlyHours(let used, let allowed, let creditLeft, let visitFen):
            .conflict(kind: "beyond-monthly-hours",
                      "the month's hours are used (\(used) of \(allowed) minutes) and the service credit left (\(creditLeft) fen) does not cover this visit (\(visitFen) fen)",
                      extensions: ["usedMinutes": .int(used), "allowedMinutes": .int(allowed), "creditLeftFen": .int(creditLeft)])
        case .overlapping(let visitId):
            .conflict(kind: "overlapping-visit", "the elder has visit \(visitId) at that time", extensions: ["visitId": .string(visitId)])
        case .monthSettled(let providerId, let month):
            .conflict(kind: "month-settled", "provider '\(providerId)' has been paid for \(month): a late visit is not recorded")
        case .noSuchVisit(let visitId):
            .conflict(kind: "no-such-visit", "no visit '\(visitId)'")
        case .notDrawn(let visitId):
            .conflict(kind: "not-drawn", "visit '\(visitId)' was not drawn for a call-back")
        }
    }
}
