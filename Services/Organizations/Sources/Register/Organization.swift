import Contracts
import Foundation

/// An organization in the register.
public struct Organization: Sendable, Codable, Equatable {
    public typealias Kind = OrganizationRecord.Kind
    public typealias Status = OrganizationRecord.Status

    public let organizationId: String
    public let name: String
    public let kind: Kind
    public let status: Status
    public let domicileAreaCode: String
    public let legalRepresentative: String?
    public let businessScope: String?
    public let startUpFundsFen: Int?
    public let supervisingUnit: String?
    public let creditCode: String?
    /// `YYYY-MM-DD`: until when a reserved name is held.
    public let reservedUntil: String?
    public let establishedOn: String?
    public let updatedAt: Date

    /// The public register's record (no legal representative: that is looked up, not broadcast).
    public var record: OrganizationRecord {
        OrganizationRecord(
            organizationId: organizationId, name: name, kind: kind, status: status, domicileAreaCode: domicileAreaCode,
            creditCode: creditCode, businessScope: businessScope, startUpFundsFen: startUpFundsFen,
            supervisingUnit: supervisingUnit, establishedOn: establishedOn, updatedAt: updatedAt)
    }
}

/// One change to an organization's register entry, with the filing that made it.
public struct RegisterChange: Sendable, Codable, Equatable {
    public let field: String
    public let oldValue: String?
    public let newValue: String?
    public let filingId: String
    public let changedBy: String
    public let changedAt: Date
}
