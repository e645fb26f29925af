import Foundation

/// An organization's name as the register compares it: compatibility-normalized (full-width
/// letters, digits and spaces become half-width, NFKC), without spaces or punctuation, and
/// with Latin letters in lower case, so "西湖区 老年人（体育）协会" and "西湖区老年人体育协会" are
/// the same name.
public struct OrganizationName: Sendable, Hashable, CustomStringConvertible {
    /// As entered, trimmed.
    public let display: String
    /// The form uniqueness is decided on.
    public let comparable: String

    public init(_ text: String) {
        display = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let folded = display.precomposedStringWithCompatibilityMapping.lowercased()
        comparable = String(String.UnicodeScalarView(folded.unicodeScalars.filter { scalar in
            !(CharacterSet.whitespacesAndNewlines.contains(scalar) || CharacterSet.punctuationCharacters.contains(scalar)
              || CharacterSet.symbols.contains(scalar))
        }))
    }

    public var description: String { display }
}
