import Crypto
import Foundation

/// Turns an identity number into the stable person pseudonym used on analytics-safe topics.
/// A keyed HMAC rather than a plain hash: the 18-character identity numbers of a district are
/// few enough to enumerate, so without the key anyone could reverse an unkeyed hash.
/// Every service that derives pseudonyms must use the same key; rotating it changes every
/// pseudonym and means republishing the person topics.
public struct PersonPseudonymizer: Sendable {
    /// Keys shorter than this are refused: the key is the only thing that protects the numbers.
    public static let minimumKeyBytes = 32

    private let key: SymmetricKey

    /// - Throws: ``PseudonymKeyError`` when the key is shorter than ``minimumKeyBytes``.
    public init(key: Data) throws(PseudonymKeyError) {
        guard key.count >= Self.minimumKeyBytes else {
            throw PseudonymKeyError(reason: "the pseudonym key has \(key.count) bytes; at least \(Self.minimumKeyBytes) are needed")
        }
        self.key = SymmetricKey(data: key)
    }

    /// Reads the key as configuration gives it: base64 text, as in a secret file.
    public init(base64Key: String) throws(PseudonymKeyError) {
        guard let data = Data(base64Encoded: base64Key.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw PseudonymKeyError(reason: "the pseudonym key is not base64")
        }
        try self.init(key: data)
    }

    /// `p_` and 32 hexadecimal digits (128 bits of HMAC-SHA256). The identity number is
    /// normalized first (surrounding spaces removed, a final `x` upper-cased), so the same person
    /// always gets the same pseudonym.
    public func pseudonym(forIdentityNumber identityNumber: String) -> String {
        let normalized = identityNumber.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let code = HMAC<SHA256>.authenticationCode(for: Data(normalized.utf8), using: key)
        return "p_" + code.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `text` has a pseudonym's form, so that a service taking person ids refuses an
    /// identity number or a name sent in their place.
    public static func isPseudonym(_ text: String) -> Bool {
        let utf8 = text.utf8
        return utf8.count == 34 && text.hasPrefix("p_")
            && utf8.dropFirst(2).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// The configured pseudonym key is unusable; start-up stops with this message.
public struct PseudonymKeyError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
