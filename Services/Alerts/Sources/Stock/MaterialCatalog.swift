import CivilDomain
import Foundation

/// The relief materials the bureau stocks, and what a shelter should hold for its places: the
/// disaster-prevention office's policy file (`stock.catalogFile`), versioned like the other
/// policy files. Norms are per hundred people so that "one lamp per twenty" needs no fractions.
public struct MaterialCatalog: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        /// `quilt`, `drinking-water`: what requests and the ledger name the item by.
        public var code: String
        public var name: String
        public var unit: String
        /// Items that spoil: a receipt without an expiry date expires this many days after it.
        public var shelfLifeDays: Int?
    }

    /// What a shelter needs of an item for each hundred places (rounded up).
    public struct Norm: Codable, Sendable, Equatable {
        public var item: String
        public var perHundredPeople: Int
    }

    public var version: String
    public var items: [Item]
    public var shelterNorms: [Norm]
    /// A shelter inspected longer ago than this is not ready.
    public var inspectionValidDays: Int

    public init(version: String, items: [Item], shelterNorms: [Norm], inspectionValidDays: Int) throws {
        self.version = version
        self.items = items
        self.shelterNorms = shelterNorms
        self.inspectionValidDays = inspectionValidDays
        try validate()
    }

    public init(contentsOf url: URL) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(contentsOf: url))
        try validate()
    }

    public func item(_ code: String) -> Item? { items.first { $0.code == code } }

    /// Needed of each normed item for `capacity` places.
    public func needs(forCapacity capacity: Int) -> [(item: String, quantity: Int)] {
        shelterNorms.map { norm in
            let (product, overflow) = capacity.multipliedReportingOverflow(by: norm.perHundredPeople)
            return (norm.item, overflow ? Int.max : (product + 99) / 100)
        }
    }

    /// Quantities a movement may have: a district store holds tens of thousands of a thing.
    public static let quantities = 1...1_000_000

    private func validate() throws {
        let codes = items.map(\.code)
        guard !items.isEmpty, Set(codes).count == codes.count,
              codes.allSatisfy({ $0.range(of: "^[a-z][a-z0-9-]{0,31}$", options: .regularExpression) != nil })
        else { throw InvalidInput("the material catalog needs items with distinct codes of lowercase letters, digits and '-'") }
        guard items.allSatisfy({ ($0.shelfLifeDays ?? 1) > 0 && ($0.shelfLifeDays ?? 1) <= 36_500 }) else {
            throw InvalidInput("a shelf life is 1 to 36500 days")
        }
        guard shelterNorms.allSatisfy({ codes.contains($0.item) && (1...100_000).contains($0.perHundredPeople) }),
              Set(shelterNorms.map(\.item)).count == shelterNorms.count
        else { throw InvalidInput("each shelter norm names a catalog item once, at 1 to 100000 per hundred people") }
        guard (1...3650).contains(inspectionValidDays) else { throw InvalidInput("inspectionValidDays is 1 to 3650") }
    }
}
