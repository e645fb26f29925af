/// An amount of money in fen (1/100 yuan). Its arithmetic is checked only: a sum that would not
/// fit in 64 bits is an error the finance office sees, never a wrapped number or a crashed
/// service. Encoded as a bare JSON integer, as the topics and the API have always carried money.
public struct Fen: Sendable, Hashable, Comparable, Codable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public struct Overflow: Error, Sendable, CustomStringConvertible {
        public init() {}
        public var description: String { "an amount does not fit in 64-bit fen" }
    }

    public let value: Int

    public init(_ value: Int) { self.value = value }
    public init(integerLiteral value: Int) { self.value = value }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public static func < (lhs: Fen, rhs: Fen) -> Bool { lhs.value < rhs.value }

    public static let zero: Fen = 0

    public static func + (lhs: Fen, rhs: Fen) throws(Overflow) -> Fen {
        let (sum, overflow) = lhs.value.addingReportingOverflow(rhs.value)
        if overflow { throw Overflow() }
        return Fen(sum)
    }

    public static func - (lhs: Fen, rhs: Fen) throws(Overflow) -> Fen {
        let (difference, overflow) = lhs.value.subtractingReportingOverflow(rhs.value)
        if overflow { throw Overflow() }
        return Fen(difference)
    }

    public static func sum(_ amounts: some Sequence<Fen>) throws(Overflow) -> Fen {
        var total = Fen.zero
        for amount in amounts { total = try total + amount }
        return total
    }

    /// `amount × count`, e.g. a subsidy per bed times the beds.
    public static func product(_ amount: Fen, _ count: Int) throws(Overflow) -> Fen {
        let (product, overflow) = amount.value.multipliedReportingOverflow(by: count)
        if overflow { throw Overflow() }
        return Fen(product)
    }

    /// `amount × basisPoints / 10000`, rounded down to the fen, exact for every 64-bit amount
    /// (the product is formed in 128 bits). A negative amount or a share outside 0…100 % is an
    /// overflow of the rule, not a trap.
    public static func share(of amount: Fen, basisPoints: Int) throws(Overflow) -> Fen {
        guard amount.value >= 0, (0...10_000).contains(basisPoints) else { throw Overflow() }
        let product = amount.value.multipliedFullWidth(by: basisPoints)
        return Fen(10_000.dividingFullWidth(product).quotient)
    }

    /// As the bureau writes money: `¥1,145.50`, `-¥3.05`.
    public var description: String { "\(value < 0 ? "-" : "")¥\(yuan)" }

    /// Yuan with two decimals and thousands separators, without a sign or currency mark.
    public var yuan: String {
        let magnitude = value.magnitude
        let whole = String(magnitude / 100)
        let cents = magnitude % 100
        var grouped = ""
        for (index, digit) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return grouped + "." + (cents < 10 ? "0" : "") + String(cents)
    }
}
