import Contracts

/// The unified social credit code (统一社会信用代码, GB 32100-2015) of an organization the
/// civil-affairs registrar establishes: registration authority `5`, the kind (`1` social group,
/// `2` private non-enterprise unit, `3` foundation, `9` other), the six-digit region code, the
/// nine-character organization code (GB 11714: eight characters and its own check character),
/// and the GB 32100 check character over the first seventeen.
public struct CreditCode: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// The 31 characters a code may use (no I, O, S, V, Z), in check-value order.
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let civilAffairs: Character = "5"

    public var description: String { value }
    public var kindCode: Character { value[value.index(after: value.startIndex)] }
    public var regionCode: String { String(value.dropFirst(2).prefix(6)) }

    /// Validates a code given on input.
    /// - Throws: ``CreditCodeError`` saying which part is wrong.
    public init(_ text: String) throws(CreditCodeError) {
        let code = Array(text.uppercased())
        guard code.count == 18 else { throw .length(code.count) }
        guard code.allSatisfy(Self.alphabet.contains) else { throw .character }
        guard code[0] == Self.civilAffairs else { throw .notCivilAffairs(code[0]) }
        guard "1239".contains(code[1]) else { throw .kind(code[1]) }
        guard code[2..<8].allSatisfy(\.isASCII) && code[2..<8].allSatisfy(\.isNumber) else { throw .region }
        guard let organizationCheck = Self.organizationCodeCheck(code[8..<16]), organizationCheck == code[16] else {
            throw .organizationCodeCheck
        }
        guard Self.check(code[0..<17]) == code[17] else { throw .check(expected: Self.check(code[0..<17])) }
        value = String(code)
    }

    /// The code for the `serial`-th organization the registrar of `region` establishes: the
    /// organization code is `MJ` and six digits of the serial, as civil-affairs registrars allot.
    public init(kind: OrganizationRecord.Kind, region: String, serial: Int) throws(CreditCodeError) {
        guard region.count == 6, region.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .region }
        guard (1...999_999).contains(serial) else { throw .serial(serial) }
        let kindCode: Character = switch kind {
        case .socialGroup: "1"
        case .privateNonEnterpriseUnit: "2"
        case .foundation: "3"
        }
        var body = Array("MJ") + Array(String(serial).leftPadded(to: 6))
        body.append(Self.organizationCodeCheck(body[...])!)
        let first = [Self.civilAffairs, kindCode] + Array(region) + body
        try self.init(String(first + [Self.check(first[...])]))
    }

    /// GB 32100: weights 3^(i-1) mod 31, check = 31 - (sum mod 31), 31 meaning 0.
    public static func check(_ characters: ArraySlice<Character>) -> Character {
        var weight = 1
        var sum = 0
        for character in characters {
            sum += (alphabet.firstIndex(of: character) ?? 0) * weight
            weight = weight * 3 % 31
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// GB 11714 over eight characters (digits and capital letters A = 10 … Z = 35): weights
    /// 3 7 9 10 5 8 4 2, check = 11 - (sum mod 11), 10 written X and 11 written 0.
    static func organizationCodeCheck(_ characters: ArraySlice<Character>) -> Character? {
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (character, weight) in zip(characters, weights) {
            guard let value = character.isNumber ? character.wholeNumberValue
                : character.asciiValue.map({ Int($0) - 55 }), (0...35).contains(value) else { return nil }
            sum += value * weight
        }
        return switch 11 - sum % 11 {
        case 10: "X"
        case 11: "0"
        case let digit: Character(String(digit))
        }
    }
}

public enum CreditCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    case length(Int)
    case character
    case notCivilAffairs(Character)
    case kind(Character)
    case region
    case organizationCodeCheck
    case check(expected: Character)
    case serial(Int)

    public var description: String {
        switch self {
        case .length(let count): "a credit code has 18 characters, not \(count)"
        case .character: "a credit code uses digits and capital letters other than I, O, S, V and Z"
        case .notCivilAffairs(let code): "registration authority '\(code)' is not civil affairs (5)"
        case .kind(let code): "kind code '\(code)' is not 1, 2, 3 or 9"
        case .region: "characters 3 to 8 must be a six-digit region code"
        case .organizationCodeCheck: "the organization code (characters 9 to 17) fails its GB 11714 check"
        case .check(let expected): "the check character (GB 32100) should be \(expected)"
        case .serial(let serial): "serial \(serial) is outside 1 to 999999"
        }
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
