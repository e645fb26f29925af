import Contracts
import Foundation

/// The registrar's rules for a proposed name, from configuration: the suffixes each kind of
/// organization must end with, and the words no name may contain. Uniqueness against the
/// register is checked by the register itself, on ``OrganizationName/comparable``.
public struct NameRules: Sendable, Codable, Equatable {
    /// Allowed endings per kind (`social-group`: 协会, 学会, 商会, 促进会, 联合会 …); a kind with no
    /// entry may end in anything.
    public var suffixes: [String: [String]]
    public var forbiddenWords: [String]
    /// Shortest and longest comparable name, in characters.
    public var minimumLength: Int
    public var maximumLength: Int

    public init(suffixes: [String: [String]], forbiddenWords: [String], minimumLength: Int = 4, maximumLength: Int = 50) {
        self.suffixes = suffixes
        self.forbiddenWords = forbiddenWords
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }

    /// The first rule `name` breaks for an organization of `kind`, or nil when it breaks none.
    public func refusal(of name: OrganizationName, kind: OrganizationRecord.Kind) -> NameRefusal? {
        let length = name.comparable.count
        if length < minimumLength || length > maximumLength {
            return NameRefusal(rule: .length, word: nil,
                               detail: "a name has \(minimumLength) to \(maximumLength) characters without spaces and punctuation, not \(length)")
        }
        for word in forbiddenWords where name.comparable.contains(OrganizationName(word).comparable) {
            return NameRefusal(rule: .forbiddenWord, word: word, detail: "the name contains the refused word '\(word)'")
        }
        if let endings = suffixes[kind.rawValue], !endings.isEmpty,
           !endings.contains(where: { name.comparable.hasSuffix(OrganizationName($0).comparable) }) {
            return NameRefusal(rule: .suffix, word: nil,
                               detail: "a \(kind.rawValue) name ends in one of \(endings.joined(separator: ", "))")
        }
        return nil
    }
}

/// Why a name is refused: the rule, and the word where a word is at fault.
public struct NameRefusal: Sendable, Equatable, Error {
    public enum Rule: String, Sendable, Codable {
        case length
        case forbiddenWord = "forbidden-word"
        case suffix
        /// The same comparable name is an active organization's or under a live reservation.
        case taken
    }

    public let rule: Rule
    public let word: String?
    public let detail: String
}
