import Contracts
import Crypto
import Foundation

/// Idempotency keys and payment ids. The key names what is owed (beneficiary, program, and the
/// benefit month or the decision or claim paid once), so two runs, a retried request or a
/// replayed decision that would pay the same thing produce the same key, and the ledger's
/// unique key refuses the second. Payment ids are derived from the key and the attempt, so a
/// release retried after a crash writes the same ids.
public enum PaymentKey {
    /// A monthly benefit: `p_…/dibao/2026-12`.
    public static func monthly(beneficiary: String, program: BenefitProgram, period: String) -> String {
        "\(beneficiary)/\(program.rawValue)/\(period)"
    }

    /// A household-level benefit's month (``BenefitProgram/isHouseholdLevel``, e.g. dibao):
    /// `H-…/dibao/2026-12`. Keyed by the household, not the person named on the application, so
    /// a second application, or a replayed or forged second approval for another member, cannot
    /// pay the household twice.
    public static func household(_ household: String, program: BenefitProgram, period: String) -> String {
        "\(household)/\(program.rawValue)/\(period)"
    }

    /// The key a monthly benefit's month is paid under: by household for a household-level
    /// program, by person otherwise.
    public static func monthly(beneficiary: String, household: String, program: BenefitProgram, period: String) -> String {
        program.isHouseholdLevel ? Self.household(household, program: program, period: period)
            : monthly(beneficiary: beneficiary, program: program, period: period)
    }

    /// A one-off payment of a decision or claim: `p_…/temporary-relief/A-…`.
    public static func oneOff(beneficiary: String, program: BenefitProgram, grant: String) -> String {
        "\(beneficiary)/\(program.rawValue)/\(grant)"
    }

    /// A grant with no decision behind it: `p_…/spring-festival-grant-2027` for a campaign or a
    /// construction subsidy (once per payee), `ORG-…/elderly-care-facility-operation/2027` for a
    /// yearly subsidy.
    public static func grant(payee: String, program: String, year: String? = nil) -> String {
        year.map { "\(payee)/\(program)/\($0)" } ?? "\(payee)/\(program)"
    }

    /// `PAY-` + 20 hex digits of SHA-256 of the key + `-` + attempt (1 for the first instruction).
    public static func paymentId(key: String, attempt: Int) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        for byte in SHA256.hash(data: Data(key.utf8)).prefix(10) {
            digits.append(hex[Int(byte >> 4)])
            digits.append(hex[Int(byte & 0x0f)])
        }
        return "PAY-\(String(decoding: digits, as: UTF8.self))-\(attempt)"
    }
}
