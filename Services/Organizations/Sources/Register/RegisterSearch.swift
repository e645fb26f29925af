import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// A public register lookup: every given filter must match.
public struct RegisterSearch: Sendable {
    /// Part of the name, compared as names are (width, spaces and punctuation folded).
    public var nameFragment: String?
    public var creditCode: String?
    public var kind: Organization.Kind?
    public var status: Organization.Status?
    /// A region, street or community code: organizations domiciled in it or below it.
    public var areaCode: String?

    public init(nameFragment: String? = nil, creditCode: String? = nil, kind: Organization.Kind? = nil,
                status: Organization.Status? = nil, areaCode: String? = nil) {
        self.nameFragment = nameFragment
        self.creditCode = creditCode
        self.kind = kind
        self.status = status
        self.areaCode = areaCode
    }
}

extension OrganizationRegister {
    /// Register entries matching `search`, by name; at most 500.
    public func search(_ search: RegisterSearch) async throws -> [Organization] {
        try await database.withConnection { database in
            try await Self.organizations(in: database) { select in
                var select = select
                if let fragment = search.nameFragment.map({ OrganizationName($0).comparable }), !fragment.isEmpty {
                    select = select.where("comparable_name", .like, SQLBind("%" + Self.escapedLike(fragment) + "%"))
                }
                if let code = search.creditCode { select = select.where("credit_code", .equal, SQLBind(code.uppercased())) }
                if let kind = search.kind { select = select.where("kind", .equal, SQLBind(kind.rawValue)) }
                if let status = search.status { select = select.where("status", .equal, SQLBind(status.rawValue)) }
                if let area = search.areaCode { select = select.where("domicile_area_code", .like, SQLBind(Self.escapedLike(area) + "%")) }
                return select.orderBy("comparable_name").limit(500)
            }
        }
    }

    static func escapedLike(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
    }
}
