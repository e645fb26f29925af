/// Urban and rural areas have different dibao standards.
public enum AreaKind: String, Codable, Sendable, CaseIterable {
    case urban
    case rural
}
