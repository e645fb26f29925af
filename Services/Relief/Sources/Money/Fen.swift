/// Money is integer fen everywhere in relief, and its arithmetic is checked: a total that would
/// not fit in 64 bits is an error the finance office sees, never a wrapped or rounded number.
public enum Fen {
    public struct Overflow: Error, Sendable, CustomStringConvertible {
        public var description: String { "an amount does not fit in 64-bit fen" }
    }

    public static func sum(_ amounts: some Sequence<Int>) throws(Overflow) -> Int {
        var total = 0
        for amount in amounts {
            let (next, overflow) = total.addingReportingOverflow(amount)
            if overflow { throw Overflow() }
            total = next
        }
        return total
    }

    /// `amount × count`, e.g. a subsidy per bed times the beds.
    public static func product(_ amount: Int, _ count: Int) throws(Overflow) -> Int {
        let (product, overflow) = amount.multipliedReportingOverflow(by: count)
        if overflow { throw Overflow() }
        return product
    }

    /// `amount × basisPoints / 10000`, rounded down to the fen, exact for every 64-bit amount
    /// (the product is formed in 128 bits).
    public static func share(of amount: Int, basisPoints: Int) throws(Overflow) -> Int {
        precondition(amount >= 0 && (0...10_000).contains(basisPoints))
        let product = amount.multipliedFullWidth(by: basisPoints)
        let (quotient, _) = 10_000.dividingFullWidth(product)
        return quotient
    }
}
