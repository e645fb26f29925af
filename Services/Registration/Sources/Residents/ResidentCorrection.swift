import Foundation
import ServiceKit

/// A correction of a resident's record: only the fields given change. An empty `phone` removes
/// the phone; `disabilityGrade` 0 removes the grade. The reason is kept in the history.
public struct ResidentCorrection: StrictRequestBody, Sendable {
    public let name: String?
    public let phone: String?
    public let householdId: String?
    public let relationship: String?
    public let disabilityGrade: Int?
    public let leftBehindChild: Bool?
    public let childInDifficulty: Bool?
    public let institutionalCare: Bool?
    public let reason: String

    public static let fields: Set<String> = [
        "name", "phone", "householdId", "relationship", "disabilityGrade", "leftBehindChild", "childInDifficulty",
        "institutionalCare", "reason",
    ]
}

/// One changed field of a resident: who changed it, when, why, before and after.
public struct ResidentChange: Sendable, Codable, Equatable {
    public let field: String
    public let before: String?
    public let after: String?
    public let changedBy: String
    public let changedAt: Date
    public let reason: String
}
