import Contracts
import Hummingbird

// What the relief API answers with: the domain's values, encoded as JSON.
extension ProgramCatalog: ResponseEncodable {}
extension PayrollRun: ResponseEncodable {}
extension PayrollLine: ResponseEncodable {}
extension Reconciliation: ResponseEncodable {}
extension Payment: ResponseEncodable {}
extension PaymentTotals: ResponseEncodable {}
extension Entitlement: ResponseEncodable {}
extension MedicalClaim: ResponseEncodable {}
extension CampaignRecipients.Listing: ResponseEncodable {}
extension CampaignRecipients.Recipient: ResponseEncodable {}
extension CareFacilities.Facility: ResponseEncodable {}
extension PaymentReissues.Request: ResponseEncodable {}
extension CareProviders.Provider: ResponseEncodable {}
extension CareVisitRecorded: ResponseEncodable {}
extension CareVisits.Outcome: ResponseEncodable {}
extension CallBacks.CallBack: ResponseEncodable {}
extension HomeCareReport: ResponseEncodable {}
extension CareCentres.Centre: ResponseEncodable {}
extension CareCentres.Meals: ResponseEncodable {}
