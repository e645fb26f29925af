/// Why a stock request was refused, in the store-keeper's words.
public enum StockError: Error, Sendable, Equatable {
    /// What a store lacks of an item for a movement.
    public struct Shortfall: Sendable, Equatable, Codable {
        public let storeId: String
        public let item: String
        public let requested: Int
        public let onHand: Int
        public var short: Int { requested - onHand }
    }

    case storeExists(String)
    /// The store does not hold enough: nothing was moved.
    case insufficient([Shortfall])
    /// The store already has a stock-take open or awaiting approval.
    case stockTakeOpen(storeId: String, stockTakeId: String)
    /// The stock-take is not in the state the action needs.
    case stockTakeState(stockTakeId: String, state: String, action: String)
    /// Lines not counted, or differences without a reason: the count cannot end yet.
    case stockTakeIncomplete(stockTakeId: String, lines: [String: String])
    /// Correcting the book would make a batch negative: stock moved since the count, count again.
    case correctionBelowZero(item: String, batchId: String)
}
