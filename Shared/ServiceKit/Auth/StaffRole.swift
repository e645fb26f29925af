/// A role a staff member's token grants. Services may define more with `StaffRole("name")`.
public struct StaffRole: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Registers households and takes applications in a street office.
    public static let caseworker: StaffRole = "caseworker"
    /// Decides applications, payroll runs and filings at the bureau.
    public static let approver: StaffRole = "approver"
    /// Issues disaster alerts.
    public static let alertOperator: StaffRole = "alert-operator"
    /// Reads everything, changes nothing.
    public static let auditor: StaffRole = "auditor"
}
