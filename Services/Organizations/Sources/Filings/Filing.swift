import Contracts
import Foundation

/// A filing with the registrar and where it stands.
public struct Filing: Sendable, Codable, Equatable {
    public typealias Kind = FilingStatus.Kind
    public typealias Status = FilingStatus.Status

    public let filingId: String
    public let organizationId: String
    public let kind: Kind
    public let status: Status
    /// What the filing asks for (the proposed name, the fields to change, the report's year …).
    public let details: FilingDetails
    public let documents: [FilingDocument]
    /// Statutory deadline, `YYYY-MM-DD`.
    public let dueOn: String
    /// Who entered the filing first; a resubmission does not change it.
    public let submittedBy: String
    public let submittedAt: Date
    /// Who entered the latest correction of a returned filing. Neither they nor the first
    /// submitter may decide it.
    public let resubmittedBy: String?
    public let decidedBy: String?
    public let decidedAt: Date?
    public let reason: String?
}

/// A document received with a filing (only its metadata is kept).
public struct FilingDocument: Sendable, Codable, Equatable {
    public let title: String
    /// `YYYY-MM-DD`.
    public let receivedOn: String

    public init(title: String, receivedOn: String) {
        self.title = title
        self.receivedOn = receivedOn
    }
}

/// What a filing asks for. Fields not used by its kind are absent.
public struct FilingDetails: Sendable, Codable, Equatable {
    public var name: String?
    public var kind: OrganizationRecord.Kind?
    public var domicileAreaCode: String?
    public var legalRepresentative: String?
    public var businessScope: String?
    public var startUpFundsFen: Int?
    public var supervisingUnit: String?
    /// Annual reports: the year reported on.
    public var year: Int?

    public init(
        name: String? = nil, kind: OrganizationRecord.Kind? = nil, domicileAreaCode: String? = nil,
        legalRepresentative: String? = nil, businessScope: String? = nil, startUpFundsFen: Int? = nil,
        supervisingUnit: String? = nil, year: Int? = nil
    ) {
        self.name = name
        self.kind = kind
        self.domicileAreaCode = domicileAreaCode
        self.legalRepresentative = legalRepresentative
        self.businessScope = businessScope
        self.startUpFundsFen = startUpFundsFen
        self.supervisingUnit = supervisingUnit
        self.year = year
    }
}
