import Contracts

/// Who is calling: a staff member of a department with roles, at the services their token is
/// scoped to. Every decision records the `staffID` of whoever made it.
public struct StaffIdentity: Sendable, Hashable, Codable {
    public let staffID: String
    public let department: String
    public let roles: Set<StaffRole>
    /// The services the token may act on; a service refuses a token that does not name it.
    public let services: Set<CivilService>

    public init(staffID: String, department: String, roles: Set<StaffRole>, services: Set<CivilService> = []) {
        self.staffID = staffID
        self.department = department
        self.roles = roles
        self.services = services
    }
}
