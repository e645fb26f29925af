import Foundation

/// A calendar day in the bureau's time zone, written `YYYY-MM-DD`: deadlines, review dates,
/// birth dates, report periods. Years are 1 to 9999, so every date read from outside has a text
/// form and arithmetic on it stays in range.
public struct CivilDate: Sendable, Hashable, Comparable, TextCoded, CustomStringConvertible {
    public let year: Int
    public let monthNumber: Int
    public let day: Int

    public static let years = 1...9999

    /// Nil unless the parts name a real day (29 February only in leap years).
    public init?(year: Int, month: Int, day: Int) {
        guard Self.years.contains(year), (1...12).contains(month),
              (1...Self.days(inMonth: month, of: year)).contains(day) else { return nil }
        self.year = year
        self.monthNumber = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` in ASCII digits.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = ASCIIDigits.value(bytes[0..<4]), let month = ASCIIDigits.value(bytes[5..<7]),
              let day = ASCIIDigits.value(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day `instant` falls on in the bureau's time zone; an instant outside years 1 to 9999
    /// reads as the nearest end of that range.
    public init(_ instant: Date) {
        self = Self.day(of: instant) ?? (instant < Date() ? Self.first : Self.last)
    }

    static let first = CivilDate(year: 1, month: 1, day: 1)!
    static let last = CivilDate(year: 9999, month: 12, day: 31)!

    private static func day(of instant: Date) -> CivilDate? {
        let parts = BureauClock.calendar.dateComponents([.era, .year, .month, .day], from: instant)
        guard parts.era == 1, let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    public var month: Month { Month(year: year, month: monthNumber)! }

    public var description: String { Month.pad(year, 4) + "-" + Month.pad(monthNumber, 2) + "-" + Month.pad(day, 2) }

    /// Midnight at the start of the day, in the bureau's time zone.
    public var start: Date {
        BureauClock.calendar.date(from: DateComponents(year: year, month: monthNumber, day: day))!
    }

    public var isWeekend: Bool { BureauClock.calendar.isDateInWeekend(start) }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.monthNumber, lhs.day) < (rhs.year, rhs.monthNumber, rhs.day)
    }

    /// `days` later (or earlier); nil outside years 1 to 9999.
    public func adding(days: Int) -> CivilDate? {
        guard days.magnitude <= 3_700_000,
              let moved = BureauClock.calendar.date(byAdding: .day, value: days, to: start) else { return nil }
        return Self.day(of: moved)
    }

    /// The same day `years` later; 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> CivilDate? {
        let (target, overflow) = year.addingReportingOverflow(years)
        guard !overflow else { return nil }
        return CivilDate(year: target, month: monthNumber, day: min(day, Self.days(inMonth: monthNumber, of: target)))
    }

    /// Whole years from `self` (a birth date) to `day`.
    public func age(on day: CivilDate) -> Int {
        var age = day.year - year
        if (day.monthNumber, day.day) < (monthNumber, self.day) { age -= 1 }
        return age
    }

    public static let textForm = "a date YYYY-MM-DD"

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Reads fixed-width ASCII decimal fields; other digits (full-width, Arabic-Indic) are refused.
enum ASCIIDigits {
    static func value(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return bytes.isEmpty ? nil : value
    }

    static func isDigits(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
