import Hummingbird

// What the registration API answers with: the domain's values, encoded as JSON.
extension Household: ResponseEncodable {}
extension Resident: ResponseEncodable {}
extension RegisteredResident: ResponseEncodable {}
extension ResidentPage: ResponseEncodable {}
extension ResidentChange: ResponseEncodable {}
extension BenefitApplication: ResponseEncodable {}
extension ProgramReport: ResponseEncodable {}
extension ImportReport: ResponseEncodable {}
extension StandardChanges.Proposal: ResponseEncodable {}
extension StandardChanges.Line: ResponseEncodable {}
extension AssistanceNeedDrafts.Need: ResponseEncodable {}
