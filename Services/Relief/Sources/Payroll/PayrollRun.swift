import CivilDomain
import Contracts
import Foundation

/// A payroll run: what one program pays for one month, from draft to reconciled.
public struct PayrollRun: Sendable, Codable, Equatable {
    /// Where a run stands. `releasing` is the finance office's own: instructions are being
    /// written in batches, and a retried release carries on. The topic announces the others.
    public enum State: String, Sendable, Codable, CaseIterable {
        case draft, approved, releasing, released, reconciled, cancelled
    }

    public let runId: String
    /// The catalog program id.
    public let program: String
    /// The registration program whose entitlements, decisions or claims the run pays; absent
    /// for campaigns and facility subsidies.
    public let benefit: BenefitProgram?
    /// `YYYY-MM`.
    public let period: String
    /// A care settlement run of one provider: its organization id; nil for a run of every payee.
    public var payee: String? = nil
    public let status: State
    public let catalogVersion: String
    public let beneficiaryCount: Int
    public let totalFen: Int
    /// Lines left out of the run, e.g. above the program's cap; they are not paid.
    public let heldCount: Int
    /// Lines that report a payment ending this month (an exit or suspension effective from it), with the reason.
    public let stoppedCount: Int
    /// 2 when a payment is above the program's second-approval threshold.
    public let requiredApprovals: Int
    public let approvals: [Approval]
    public let createdBy: String
    public let createdAt: Date
    public let releasedBy: String?
    public let releasedAt: Date?
    public let reconciledBy: String?
    public let reconciledAt: Date?
    public let cancelledBy: String?
    public let cancelledAt: Date?

    public struct Approval: Sendable, Codable, Equatable {
        public let approvedBy: String
        public let approvedAt: Date
    }
}

/// One beneficiary's line in a run.
public struct PayrollLine: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable {
        /// Waiting for release.
        case pending
        /// In the ledger and on its way to the bank.
        case instructed
        /// Its key was already in the ledger from another run: not paid again.
        case alreadyPaid = "already-paid"
        /// Left out, with the reason (e.g. above the cap).
        case held
        /// Not paid: the entitlement ends or pauses this month; the note says why.
        case stopped
    }

    public let idempotencyKey: String
    public let beneficiaryId: String
    public let householdId: String
    public let amountFen: Int
    /// The application or claim the line pays.
    public let sourceId: String
    public let state: State
    public let note: String?
}

/// Counts and fen of a released run's payments, by how the bank reported them.
public struct Reconciliation: Sendable, Codable, Equatable {
    public struct Tally: Sendable, Codable, Equatable {
        public var count: Int
        public var fen: Int

        public init(count: Int, fen: Int) {
            self.count = count
            self.fen = fen
        }
    }

    public let runId: String
    public let instructed: Tally
    public let confirmed: Tally
    public let failed: Tally
    public let outstanding: Tally
}
