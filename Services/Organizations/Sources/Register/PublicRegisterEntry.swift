import CivilDomain
import Foundation

/// What anyone may read of an organization without a token, as the official register shows it:
/// name, credit code, kind, domicile, legal representative, status and dates. The register's
/// own record holds more (business scope, funds, the staff who changed it and why a revocation
/// was decided); that stays with the registrar.
public struct PublicRegisterEntry: Codable, Sendable, Equatable {
    public struct Organization: Codable, Sendable, Equatable {
        public let organizationId: String
        public let name: String
        public let creditCode: String?
        public let kind: Organizations.Organization.Kind
        public let domicileAreaCode: String
        public let legalRepresentative: String?
        public let status: Organizations.Organization.Status
        public let reservedUntil: String?
        public let establishedOn: String?
        public let updatedAt: Date

        public init(_ organization: Organizations.Organization) {
            organizationId = organization.organizationId
            name = organization.name
            creditCode = organization.creditCode
            kind = organization.kind
            domicileAreaCode = organization.domicileAreaCode
            legalRepresentative = organization.legalRepresentative
            status = organization.status
            reservedUntil = organization.reservedUntil
            establishedOn = organization.establishedOn
            updatedAt = organization.updatedAt
        }
    }

    /// One public change: what changed from what to what, on which day; not who or on which filing.
    public struct Change: Codable, Sendable, Equatable {
        public let field: String
        public let oldValue: String?
        public let newValue: String?
        /// `YYYY-MM-DD` in the bureau's time zone.
        public let changedOn: String

        /// The status field's value is the status word alone: a revocation's stored value also
        /// carries the registrar's reason.
        public init(_ change: RegisterChange) {
            field = change.field
            func shown(_ value: String?) -> String? {
                guard change.field == "status", let value else { return value }
                return value.split(separator: ":", maxSplits: 1).first.map { String($0) } ?? value
            }
            oldValue = shown(change.oldValue)
            newValue = shown(change.newValue)
            changedOn = BureauClock.fixed(change.changedAt).today.description
        }
    }

    public let organization: Organization
    public let history: [Change]

    public init(_ organization: Organizations.Organization, history: [RegisterChange]) {
        self.organization = Organization(organization)
        self.history = history.map(Change.init)
    }
}
