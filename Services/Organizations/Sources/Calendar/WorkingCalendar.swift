import Foundation

/// Working days for statutory deadlines: Monday to Friday, less the public holidays, plus the
/// weekend days worked in exchange (调休), both from configuration since the State Council sets
/// them each year. Dates are `YYYY-MM-DD` in Asia/Shanghai.
public struct WorkingCalendar: Sendable, Codable, Equatable {
    public var holidays: Set<String>
    public var workedWeekendDays: Set<String>

    public init(holidays: Set<String> = [], workedWeekendDays: Set<String> = []) {
        self.holidays = holidays
        self.workedWeekendDays = workedWeekendDays
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return calendar
    }()

    public func isWorkingDay(_ day: String) -> Bool {
        guard let date = Self.date(day) else { return false }
        if workedWeekendDays.contains(day) { return true }
        if holidays.contains(day) { return false }
        return !Self.calendar.isDateInWeekend(date)
    }

    /// The day `count` working days after `start` (the day after `start` is the first counted,
    /// as the regulations count time limits).
    public func adding(workingDays count: Int, to start: String) -> String? {
        guard var date = Self.date(start) else { return nil }
        var remaining = count
        while remaining > 0 {
            date = Self.calendar.date(byAdding: .day, value: 1, to: date)!
            if isWorkingDay(Self.string(date)) { remaining -= 1 }
        }
        return Self.string(date)
    }

    static func date(_ day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard day.count == 10, parts.count == 3 else { return nil }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    static func string(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
