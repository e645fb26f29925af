import Contracts
import Foundation
import Testing

@Suite("Person pseudonyms")
struct PersonPseudonymizerTests {
    let key = Data((0..<32).map { UInt8($0) })

    @Test("the same identity number always gives the same pseudonym, whatever its spelling")
    func stable() throws {
        let pseudonymizer = try PersonPseudonymizer(key: key)
        let pseudonym = pseudonymizer.pseudonym(forIdentityNumber: "11010519491231002X")
        #expect(pseudonym == pseudonymizer.pseudonym(forIdentityNumber: " 11010519491231002x "))
        #expect(pseudonym.range(of: "^p_[0-9a-f]{32}$", options: .regularExpression) != nil)
        #expect(!pseudonym.contains("110105"))
        // HMAC-SHA256 with key 00..1f over "11010519491231002X", first 16 bytes (computed with
        // Python's hmac module).
        #expect(pseudonym == "p_" + Self.expectedHex)
    }

    static let expectedHex = "a66755453b106dcea0cfa264214ae59f"

    @Test("different people and different keys give different pseudonyms")
    func distinct() throws {
        let first = try PersonPseudonymizer(key: key)
        let second = try PersonPseudonymizer(key: Data(repeating: 7, count: 32))
        #expect(first.pseudonym(forIdentityNumber: "11010519491231002X")
            != first.pseudonym(forIdentityNumber: "110105194912310037"))
        #expect(first.pseudonym(forIdentityNumber: "11010519491231002X")
            != second.pseudonym(forIdentityNumber: "11010519491231002X"))
    }

    @Test("a short or non-base64 key is refused with a message that says so")
    func badKeys() throws {
        #expect(throws: PseudonymKeyError.self) { try PersonPseudonymizer(key: Data(count: 16)) }
        #expect(throws: PseudonymKeyError.self) { try PersonPseudonymizer(base64Key: "not base64!") }
        let fromBase64 = try PersonPseudonymizer(base64Key: key.base64EncodedString() + "\n")
        #expect(fromBase64.pseudonym(forIdentityNumber: "11010519491231002X")
            == (try PersonPseudonymizer(key: key)).pseudonym(forIdentityNumber: "11010519491231002X"))
    }

    @Test("a pseudonym's form is recognized; an identity number, upper-case hex or a wrong length is not")
    func recognizesPseudonyms() throws {
        let pseudonym = try PersonPseudonymizer(key: key).pseudonym(forIdentityNumber: "11010519491231002X")
        #expect(PersonPseudonymizer.isPseudonym(pseudonym))
        for text in ["11010519491231002X", pseudonym.uppercased(), String(pseudonym.dropLast()), pseudonym + "0", "q_" + pseudonym.dropFirst(2), ""] {
            #expect(!PersonPseudonymizer.isPseudonym(text), "\(text)")
        }
    }
}
