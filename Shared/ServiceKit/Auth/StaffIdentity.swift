/// Who is calling: a staff member of a department with roles. Every decision records the
/// `staffID` of whoever made it.
public struct StaffIdentity: Sendable, Hashable, Codable {
    public let staffID: String
    public let department: String
    public let roles: Set<StaffRole>

    public init(staffID: String, department: String, roles: Set<StaffRole>) {
        self.staffID = staffID
        self.department = department
        self.roles = roles
    }
}
