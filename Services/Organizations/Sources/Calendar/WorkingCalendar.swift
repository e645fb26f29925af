import CivilDomain

/// Working days for statutory deadlines: Monday to Friday, less the public holidays, plus the
/// weekend days worked in exchange (调休), both from configuration since the State Council sets
/// them each year. Days are `YYYY-MM-DD` in the bureau's time zone.
public struct WorkingCalendar: Sendable, Codable, Equatable {
    public var holidays: Set<String>
    public var workedWeekendDays: Set<String>

    public init(holidays: Set<String> = [], workedWeekendDays: Set<String> = []) {
        self.holidays = holidays
        self.workedWeekendDays = workedWeekendDays
    }

    public func isWorkingDay(_ day: String) -> Bool {
        guard let date = CivilDate(day) else { return false }
        return isWorkingDay(date)
    }

    func isWorkingDay(_ day: CivilDate) -> Bool {
        let text = day.description
        if workedWeekendDays.contains(text) { return true }
        if holidays.contains(text) { return false }
        return !day.isWeekend
    }

    /// The day `count` working days after `start` (the day after `start` is the first counted,
    /// as the regulations count time limits); nil for a start that is not a date.
    public func adding(workingDays count: Int, to start: String) -> String? {
        guard var date = CivilDate(start) else { return nil }
        var remaining = count
        while remaining > 0 {
            guard let next = date.adding(days: 1) else { return nil }
            date = next
            if isWorkingDay(date) { remaining -= 1 }
        }
        return date.description
    }

    /// Working days from `today` to `due`, counted as ``adding(workingDays:to:)`` counts them:
    /// 0 on the due day itself, negative once it is past. Nil for a text that is not a date or a
    /// gap of more than two years (no filing's limit is that long).
    public func workingDays(from today: String, until due: String) -> Int? {
        guard let start = CivilDate(today), let end = CivilDate(due) else { return nil }
        let (from, to, sign) = start <= end ? (start, end, 1) : (end, start, -1)
        var count = 0, date = from, steps = 0
        while date < to {
            guard let next = date.adding(days: 1), steps < 731 else { return nil }
            date = next
            steps += 1
            if isWorkingDay(date) { count += 1 }
        }
        return sign * count
    }
}
