/// A benefit month, written `YYYY-MM` and counted in the bureau's time zone. Payroll runs,
/// entitlements and decisions take effect by month; the text form sorts as time does.
public struct Month: Sendable, Hashable, Comparable, TextCoded, CustomStringConvertible {
    public let year: Int
    public let number: Int

    public init?(year: Int, month: Int) {
        guard CivilDate.years.contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.number = month
    }

    /// Parses exactly `YYYY-MM` in ASCII digits.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              let year = ASCIIDigits.value(bytes[0..<4]), let month = ASCIIDigits.value(bytes[5..<7])
        else { return nil }
        self.init(year: year, month: month)
    }

    public static func isMonth(_ text: String) -> Bool { Month(text) != nil }

    public var description: String { Self.pad(year, 4) + "-" + Self.pad(number, 2) }

    /// The year, as budgets and annual caps count.
    public var yearText: String { Self.pad(year, 4) }

    public var firstDay: CivilDate { CivilDate(year: year, month: number, day: 1)! }

    /// The month after; nil after 9999-12.
    public var next: Month? { number == 12 ? Month(year: year + 1, month: 1) : Month(year: year, month: number + 1) }

    /// The month before; nil before 0001-01.
    public var previous: Month? { number == 1 ? Month(year: year - 1, month: 12) : Month(year: year, month: number - 1) }

    public static func < (lhs: Month, rhs: Month) -> Bool { (lhs.year, lhs.number) < (rhs.year, rhs.number) }

    public static let textForm = "a month YYYY-MM"

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
