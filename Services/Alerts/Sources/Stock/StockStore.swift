import Contracts
import Foundation

/// A place relief materials are kept: the district's warehouse, a street's store, or the store of
/// a shelter (whose stock counts towards the shelter's readiness).
public struct StockStore: Codable, Sendable, Equatable {
    /// District warehouse, street store or shelter store, as the published contract names them.
    public typealias Kind = StockMoved.StoreKind

    public static let idPattern = "^[A-Za-z0-9][A-Za-z0-9-]{0,63}$"

    public var storeId: String
    public var name: String
    public var kind: Kind
    /// The district, street or community it serves.
    public var areaCode: String
    /// For a shelter store: its shelter.
    public var shelterId: String?
    public var createdBy: String
    public var createdAt: Date
}

/// What a store holds of one item, batch by batch (soonest expiry first).
public struct StockLevel: Codable, Sendable, Equatable {
    public struct Batch: Codable, Sendable, Equatable {
        public var batchId: String
        /// `YYYY-MM-DD`; absent for items that do not spoil.
        public var expiresOn: String?
        public var onHand: Int
    }

    public var storeId: String
    public var item: String
    public var name: String
    public var unit: String
    public var onHand: Int
    public var batches: [Batch]
}

/// One line of the append-only stock ledger.
public struct StockEntry: Codable, Sendable, Equatable {
    /// Receipt, issue, either side of a transfer, or an approved stock-take's correction of the
    /// book: the published contract's movements.
    public typealias Movement = StockMoved.Movement

    public var entryId: String
    public var storeId: String
    public var item: String
    public var batchId: String
    /// Positive into the store, negative out of it.
    public var quantity: Int
    public var movement: Movement
    /// The transfer or stock-take this entry belongs to.
    public var reference: String?
    /// The alert the materials were issued for.
    public var alertId: String?
    public var note: String?
    public var recordedBy: String
    public var recordedAt: Date
}
