/// Who writes or reads a topic. The four services of this repository, plus the parties outside
/// it that the catalog must still name: the bank or treasury adapter that reports payment
/// results, and the bureau's analysts who read the analytics-safe topics.
public enum CivilService: String, CaseIterable, Sendable, Codable, Comparable {
    case registration
    case relief
    case organizations
    case alerts
    /// The bank or treasury adapter (not in this repository) that executes payment instructions.
    case treasury
    /// Downstream analysts' consumers (not in this repository).
    case analytics

    /// The CloudEvents `source` of events this service writes.
    public var eventSource: String { "/civil-affairs/\(rawValue)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension CivilService {
    /// The services run by the bureau's staff, which a staff token may be scoped to.
    public static let staffed: [CivilService] = [.registration, .relief, .organizations, .alerts]
}
