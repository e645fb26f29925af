import Hummingbird

// What the organizations API answers with: the domain's values, encoded as JSON.
extension Filing: ResponseEncodable {}
extension Organization: ResponseEncodable {}
extension PublicRegisterEntry: ResponseEncodable {}
extension PublicRegisterEntry.Organization: ResponseEncodable {}
