import Foundation

/// One line of a relief-material store's ledger: received, issued, moved between stores, or a
/// stock-take's correction. Analytics-safe: who received issued materials stays in the alerts
/// service (the ledger's free-text note is not published), so analysts can count what was
/// issued and supplied to shelters without personal data.
public struct StockMoved: CivilEvent {
    public static let eventType = "civil.alerts.stock.moved.v1"
    public static var topic: TopicSpec { TopicCatalog.stock }

    public enum StoreKind: String, Codable, Sendable, CaseIterable {
        case district, street, shelter
    }

    public enum Movement: String, Codable, Sendable, CaseIterable {
        case receipt, issue
        case transferOut = "transfer-out"
        case transferIn = "transfer-in"
        case countCorrection = "count-correction"
    }

    public var entryId: String
    public var storeId: String
    public var storeKind: StoreKind
    /// The district, street or community the store serves.
    public var areaCode: String
    /// The material catalog's code, name and unit (`quilt`, 棉被, 床).
    public var item: String
    public var itemName: String?
    public var unit: String?
    public var batchId: String
    /// Positive into the store, negative out of it.
    public var quantity: Int
    public var movement: Movement
    /// The transfer or stock-take the line belongs to.
    public var reference: String?
    /// The alert the materials were issued or moved for.
    public var alertId: String?
    public var recordedBy: String
    public var recordedAt: Date

    public init(
        entryId: String, storeId: String, storeKind: StoreKind, areaCode: String, item: String, itemName: String? = nil,
        unit: String? = nil, batchId: String, quantity: Int, movement: Movement, reference: String? = nil, alertId: String? = nil,
        recordedBy: String, recordedAt: Date
    ) {
        self.entryId = entryId
        self.storeId = storeId
        self.storeKind = storeKind
        self.areaCode = areaCode
        self.item = item
        self.itemName = itemName
        self.unit = unit
        self.batchId = batchId
        self.quantity = quantity
        self.movement = movement
        self.reference = reference
        self.alertId = alertId
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    public var partitionKey: String { storeId }

    public static let example = StockMoved(
        entryId: "SE-7C1E0A9B3D5F2E48", storeId: "SH-330106-LJ", storeKind: .shelter, areaCode: "330106101201", item: "quilt",
        itemName: "棉被", unit: "床", batchId: "B-2026-11", quantity: 50, movement: .transferIn, reference: "ST-0A9B3D5F2E487C1E",
        alertId: "urn:oid:2.49.0.1.156.330106.2026.1129.2", recordedBy: "staff-0201", recordedAt: Date(timeIntervalSince1970: 1_795_000_000))

    public static let minimalExample = StockMoved(
        entryId: "SE-0A9B3D5F2E487C1E", storeId: "WH-330106", storeKind: .district, areaCode: "330106", item: "drinking-water",
        batchId: "B-2026-10", quantity: 200, movement: .receipt, recordedBy: "staff-0201", recordedAt: Date(timeIntervalSince1970: 1_794_000_000))
}
