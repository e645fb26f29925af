import CivilDomain
import Foundation

/// A resident identity number (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit
/// sequence (odd for men, even for women) and a check character. Checked fully, so that a
/// caseworker's typing error is caught at the counter and not months later at the bank.
public struct IdentityNumber: Sendable, Hashable, CustomStringConvertible {
    public enum Sex: String, Sendable {
        case female
        case male
    }

    /// The 18 characters, with a final `X` upper-cased.
    public let value: String
    public let birthDate: CivilDate
    public let sex: Sex

    /// - Parameter today: the date in the bureau's time zone, for the "not in the future" rule.
    /// - Throws: ``IdentityNumberError`` saying which rule failed (never echoing the number).
    public init(_ text: String, today: CivilDate) throws(IdentityNumberError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.unicodeScalars.contains(where: { (0xFF10...0xFF19).contains($0.value) || $0.value == 0xFF38 || $0.value == 0xFF58 }) {
            throw .fullWidthCharacters
        }
        guard trimmed.count == 18 else { throw .wrongLength(trimmed.count) }
        let characters = Array(trimmed.uppercased())
        guard characters[0..<17].allSatisfy({ $0.isASCII && $0.isNumber }),
              characters[17].isASCII && (characters[17].isNumber || characters[17] == "X")
        else { throw .invalidCharacters }
        let digits = characters[0..<17].map { Int(String($0))! }

        guard Self.provinces.contains(digits[0] * 10 + digits[1]) else { throw .unknownRegion }
        let year = digits[6..<10].reduce(0) { $0 * 10 + $1 }
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard year >= 1880, let birthDate = CivilDate(year: year, month: month, day: day) else {
            throw .impossibleBirthDate
        }
        if birthDate > today { throw .birthDateInFuture }
        let sum = zip(digits, Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        guard characters[17] == Self.checkCharacters[sum % 11] else { throw .wrongCheckCharacter }

        value = String(characters)
        self.birthDate = birthDate
        sex = digits[16] % 2 == 1 ? .male : .female
    }

    /// Masked for display: region and last character only.
    public var description: String { Self.mask(value) }

    /// `330106***********X`.
    public static func mask(_ value: String) -> String {
        String(value.prefix(6)) + String(repeating: "*", count: max(0, value.count - 7)) + String(value.suffix(1))
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
    /// Province-level codes of GB/T 2260 (mainland, plus 71 Taiwan, 81 Hong Kong, 82 Macao).
    static let provinces: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
        61, 62, 63, 64, 65, 71, 81, 82,
    ]
}

/// Why an identity number was refused; the message is for the caseworker at the counter.
public enum IdentityNumberError: Error, Sendable, Equatable, CustomStringConvertible {
    case wrongLength(Int)
    case fullWidthCharacters
    case invalidCharacters
    case unknownRegion
    case impossibleBirthDate
    case birthDateInFuture
    case wrongCheckCharacter

    public var description: String {
        switch self {
        case .wrongLength(let count): "has \(count) characters; an identity number has 18"
        case .fullWidthCharacters: "contains full-width characters; type the digits in half-width (ASCII)"
        case .invalidCharacters: "must be 17 digits followed by a digit or X"
        case .unknownRegion: "does not start with a known province code"
        case .impossibleBirthDate: "contains a birth date that does not exist"
        case .birthDateInFuture: "contains a birth date in the future"
        case .wrongCheckCharacter: "has a wrong check character (last character); check the digits for a typing error"
        }
    }
}
