import Foundation

/// The one source of "now" and "today" for the bureau. Benefit months, deadlines and ages are
/// counted in the bureau's own time zone (Asia/Shanghai), whatever zone the server runs in; a
/// test hands a desk a clock fixed at the day it needs.
public struct BureauClock: Sendable {
    public static let timeZone = TimeZone(identifier: "Asia/Shanghai")!

    /// A Gregorian calendar in the bureau's time zone.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    private let read: @Sendable () -> Date

    public init(_ now: @escaping @Sendable () -> Date) { read = now }

    /// The machine's clock.
    public static let system = BureauClock { Date() }

    /// A clock that always reads `instant`.
    public static func fixed(_ instant: Date) -> BureauClock { BureauClock { instant } }

    /// A clock that reads the start of `day` in the bureau's time zone, plus `seconds`.
    public static func fixed(_ day: CivilDate, seconds: TimeInterval = 0) -> BureauClock {
        let start = day.start
        return BureauClock { start.addingTimeInterval(seconds) }
    }

    /// A clock that starts at the beginning of `day` in the bureau's time zone and runs from
    /// there, so a test fixes the date while records still get distinct, ordered times.
    public static func running(from day: CivilDate) -> BureauClock {
        let offset = day.start.timeIntervalSince(Date())
        return BureauClock { Date().addingTimeInterval(offset) }
    }

    public var now: Date { read() }
    public var today: CivilDate { CivilDate(now) }
    public var thisMonth: Month { today.month }
}
