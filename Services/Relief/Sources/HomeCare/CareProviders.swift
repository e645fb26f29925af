import CivilDomain
import Contracts
import Foundation
import ServiceKit
import SQLKit

/// The home-care providers relief contracts: registered, active social organizations (by their
/// id in the register), with an hourly rate in fen per service type, the areas they serve and a
/// contract period. A provider's own token names it as the staff id (role `care-provider`), so it
/// records visits as itself and no other.
public struct CareProviders: Sendable {
    static let providers = "care_providers"
    static let rates = "care_provider_rates"

    static let migration = DatabaseMigration("relief-care-providers-1") { database in
        try await database.create(table: providers)
            .column("provider_id", type: .text, .primaryKey(autoIncrement: false))
            .column("areas", type: .text, .notNull)
            .column("contract_from", type: .text, .notNull)
            .column("contract_until", type: .text, .notNull)
            .column("registered_by", type: .text, .notNull)
            .column("registered_at", type: .timestamp, .notNull)
            .run()
        try await database.create(table: rates)
            .column("provider_id", type: .text, .notNull)
            .column("service_type", type: .text, .notNull)
            .column("hourly_fen", type: .bigint, .notNull)
            .primaryKey("provider_id", "service_type")
            .run()
    }

    /// A contracted provider.
    public struct Provider: Codable, Sendable, Equatable {
        public var providerId: String
        public var name: String
        /// As the register says now: `active`, or `deregistered`/`revoked` (then refused new visits).
        public var status: String
        public var hourlyRatesFen: [String: Int]
        /// Areas served: a street's code covers its communities.
        public var areas: [String]
        /// `YYYY-MM`, both included.
        public var contractFrom: String
        public var contractUntil: String
        public var registeredBy: String
        public var registeredAt: Date
    }

    /// What the care office sends to contract a provider.
    public struct Contract: Codable, Sendable {
        public var providerId: String
        public var hourlyRatesFen: [String: Int]
        public var areas: [String]
        public var contractFrom: String
        public var contractUntil: String

        public init(providerId: String, hourlyRatesFen: [String: Int], areas: [String], contractFrom: String, contractUntil: String) {
            self.providerId = providerId
            self.hourlyRatesFen = hourlyRatesFen
            self.areas = areas
            self.contractFrom = contractFrom
            self.contractUntil = contractUntil
        }
    }

    /// Hourly rates a contract may set: up to 1,000 yuan an hour.
    static let hourlyRates = 1...100_000

    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    public func contract(_ contract: Contract, by staff: StaffIdentity, now: Date = Date()) async throws -> Provider {
        var problems: [String: String] = [:]
        if contract.hourlyRatesFen.isEmpty || contract.hourlyRatesFen.count > 32 { problems["hourlyRatesFen"] = "1 to 32 service types" }
        for (type, rate) in contract.hourlyRatesFen {
            if type.range(of: "^[a-z][a-z-]{0,31}$", options: .regularExpression) == nil { problems["hourlyRatesFen.\(type)"] = "not a service type" }
            if !Self.hourlyRates.contains(rate) { problems["hourlyRatesFen.\(type)"] = "1 to \(Self.hourlyRates.upperBound) fen an hour" }
        }
        if contract.areas.isEmpty || contract.areas.count > 200
            || !contract.areas.allSatisfy({ $0.range(of: "^[0-9]{6,12}$", options: .regularExpression) != nil }) {
            problems["areas"] = "1 to 200 area codes"
        }
        guard Month.isMonth(contract.contractFrom), Month.isMonth(contract.contractUntil), contract.contractFrom <= contract.contractUntil else {
            problems["contractUntil"] = "contractFrom and contractUntil are months YYYY-MM, in order"
            throw InvalidInput("the contract is not valid", fields: problems)
        }
        if !problems.isEmpty { throw InvalidInput("the contract is not valid", fields: problems) }
        AuditTrail.name(contract.providerId)
        return try await database.transaction { database in
            guard let organization = try await RegisteredOrganizations.status(of: contract.providerId, in: database),
                  organization.status == .active
            else {
                throw CareError.providerNotActive(
                    providerId: contract.providerId,
                    status: try await RegisteredOrganizations.status(of: contract.providerId, in: database)?.status.rawValue ?? "not registered")
            }
            guard try await database.select().column("provider_id").from(Self.providers)
                .where("provider_id", .equal, SQLBind(contract.providerId)).first() == nil
            else { throw CareError.providerExists(contract.providerId) }
            try await database.insert(into: Self.providers)
                .columns("provider_id", "areas", "contract_from", "contract_until", "registered_by", "registered_at")
                .values(SQLBind(contract.providerId), SQLBind(contract.areas.joined(separator: ",")), SQLBind(contract.contractFrom),
                        SQLBind(contract.contractUntil), SQLBind(staff.staffID), SQLBind(now))
                .run()
            for (type, rate) in contract.hourlyRatesFen.sorted(by: { $0.key < $1.key }) {
                try await database.insert(into: Self.rates).columns("provider_id", "service_type", "hourly_fen")
                    .values(SQLBind(contract.providerId), SQLBind(type), SQLBind(rate)).run()
            }
            return try await Self.provider(contract.providerId, in: database)!
        }
    }

    public func provider(_ providerId: String) async throws -> Provider {
        guard let provider = try await database.withConnection({ try await Self.provider(providerId, in: $0) }) else {
            throw NotFound("no provider '\(providerId)'")
        }
        return provider
    }

    public func all() async throws -> [Provider] {
        try await database.withConnection { database in
            var result: [Provider] = []
            for row in try await database.select().column("provider_id").from(Self.providers).orderBy("provider_id").all() {
                if let provider = try await Self.provider(try row.decode(column: "provider_id", as: String.self), in: database) {
                    result.append(provider)
                }
            }
            return result
        }
    }

    static func provider(_ providerId: String, in database: any SQLDatabase) async throws -> Provider? {
        guard let row = try await database.select().column("*").from(providers).where("provider_id", .equal, SQLBind(providerId)).first() else {
            return nil
        }
        var rates: [String: Int] = [:]
        for rate in try await database.select().columns("service_type", "hourly_fen").from(Self.rates)
            .where("provider_id", .equal, SQLBind(providerId)).all() {
            rates[try rate.decode(column: "service_type", as: String.self)] = try rate.decode(column: "hourly_fen", as: Int.self)
        }
        let organization = try await RegisteredOrganizations.status(of: providerId, in: database)
        return Provider(
            providerId: providerId, name: organization?.name ?? "", status: organization?.status.rawValue ?? "not registered",
            hourlyRatesFen: rates, areas: try row.decode(column: "areas", as: String.self).split(separator: ",").map(String.init),
            contractFrom: try row.decode(column: "contract_from", as: String.self),
            contractUntil: try row.decode(column: "contract_until", as: String.self),
            registeredBy: try row.decode(column: "registered_by", as: String.self),
            registeredAt: try row.decode(column: "registered_at", as: Date.self))
    }
}
