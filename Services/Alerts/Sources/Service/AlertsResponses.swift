import Contracts
import Hummingbird

// What the alert service API answers with: the domain's values, encoded as JSON.
extension StoredAlert: ResponseEncodable {}
extension Shelter: ResponseEncodable {}
extension NotificationAcknowledged: ResponseEncodable {}
extension AcknowledgementDesk.AreaStatus: ResponseEncodable {}
extension AcknowledgementDesk.Visit: ResponseEncodable {}
extension ShelterDesk.AreaOccupancy: ResponseEncodable {}
extension StockStore: ResponseEncodable {}
extension StockLevel: ResponseEncodable {}
extension StockEntry: ResponseEncodable {}
extension StockLedger.ExpiringBatch: ResponseEncodable {}
extension StockTakes.Report: ResponseEncodable {}
extension ShelterReadiness.Entry: ResponseEncodable {}
extension AlertTimeline: ResponseEncodable {}
extension DrillReport: ResponseEncodable {}
