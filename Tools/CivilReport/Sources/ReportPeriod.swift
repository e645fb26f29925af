import CivilDomain
import Foundation

/// The months a report covers, first and last included, in the bureau's time zone.
public struct ReportPeriod: Sendable, Codable, Equatable, CustomStringConvertible {
    public let from: Month
    public let until: Month

    /// - Throws: when `until` is before `from`.
    public init(from: Month, until: Month) throws(InvalidInput) {
        guard from <= until else { throw InvalidInput("--until \(until) is before --from \(from)", fields: ["until": "on or after from"]) }
        self.from = from
        self.until = until
    }

    /// The half-year (January to June, or July to December) holding `today`.
    public static func halfYear(holding today: CivilDate) -> ReportPeriod {
        let first = Month(year: today.year, month: today.monthNumber <= 6 ? 1 : 7)!
        return try! ReportPeriod(from: first, until: Month(year: today.year, month: first.number + 5)!)
    }

    /// Whether a benefit month (`YYYY-MM`) is in the period.
    public func contains(month text: String) -> Bool {
        guard let month = Month(text) else { return false }
        return from <= month && month <= until
    }

    /// Whether an instant falls in the period's days.
    public func contains(_ instant: Date) -> Bool { instant >= start && instant < end }

    public var start: Date { from.firstDay.start }
    /// The first instant after the period.
    public var end: Date { (until.next ?? until).firstDay.start }

    public var description: String { "\(from) 至 \(until)" }

    enum CodingKeys: String, CodingKey { case from, until }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let (from, until) = (try container.decode(String.self, forKey: .from), try container.decode(String.self, forKey: .until))
        guard let first = Month(from), let last = Month(until) else {
            throw DecodingError.dataCorruptedError(forKey: .from, in: container, debugDescription: "YYYY-MM")
        }
        try self.init(from: first, until: last)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from.description, forKey: .from)
        try container.encode(until.description, forKey: .until)
    }
}
