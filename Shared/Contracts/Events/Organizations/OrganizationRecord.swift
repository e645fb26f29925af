import Foundation

/// An organization's entry in the public register. Compacted by organization.
public struct OrganizationRecord: CivilEvent {
    public static let eventType = "civil.organizations.organization.snapshot.v1"
    public static var topic: TopicSpec { TopicCatalog.organization }

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case socialGroup = "social-group"
        case privateNonEnterpriseUnit = "private-non-enterprise-unit"
        case foundation
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case reserved
        case active
        case deregistered
        case revoked
    }

    public var organizationId: String
    public var name: String
    public var kind: Kind
    public var status: Status
    public var domicileAreaCode: String
    /// The unified social credit code, once established.
    public var creditCode: String?
    public var businessScope: String?
    public var startUpFundsFen: Int?
    public var supervisingUnit: String?
    public var establishedOn: String?
    public var updatedAt: Date

    public init(
        organizationId: String, name: String, kind: Kind, status: Status, domicileAreaCode: String,
        creditCode: String? = nil, businessScope: String? = nil, startUpFundsFen: Int? = nil,
        supervisingUnit: String? = nil, establishedOn: String? = nil, updatedAt: Date
    ) {
        self.organizationId = organizationId
        self.name = name
        self.kind = kind
        self.status = status
        self.domicileAreaCode = domicileAreaCode
        self.creditCode = creditCode
        self.businessScope = businessScope
        self.startUpFundsFen = startUpFundsFen
        self.supervisingUnit = supervisingUnit
        self.establishedOn = establishedOn
        self.updatedAt = updatedAt
    }

    public var partitionKey: String { organizationId }

    public static let example = OrganizationRecord(
        organizationId: "ORG-000031", name: "西湖区老年人体育协会", kind: .socialGroup, status: .active,
        domicileAreaCode: "330106", creditCode: "51330106MJ0000173X", businessScope: "组织老年人体育健身活动",
        startUpFundsFen: 3_000_000, supervisingUnit: "区体育局", establishedOn: "2026-03-02",
        updatedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = OrganizationRecord(
        organizationId: "ORG-000032", name: "西湖区社区营造促进会", kind: .socialGroup, status: .reserved,
        domicileAreaCode: "330106", updatedAt: Date(timeIntervalSince1970: 1_795_000_000))
}
