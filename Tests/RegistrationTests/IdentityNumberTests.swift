import CivilDomain
import Foundation
import Registration
import Testing

@Suite("Identity numbers (GB 11643)")
struct IdentityNumberTests {
    let today = CivilDate("2026-11-29")!

    @Test("valid numbers from several regions are accepted, with birth date and sex",
          arguments: [
              ("11010519491231002X", 1949, "female"), ("330106193805120047", 1938, "female"),
              ("44030519900101123X", 1990, "male"), ("510107201806150317", 2018, "male"),
              ("650102195512310072", 1955, "male"), ("11010519491231002x", 1949, "female"),
          ])
    func valid(number: String, year: Int, sex: String) throws {
        let identity = try IdentityNumber(number, today: today)
        #expect(identity.birthDate.year == year)
        #expect(identity.sex.rawValue == sex)
        #expect(identity.value == number.uppercased())
        #expect(identity.description.hasPrefix(String(number.prefix(6))) && identity.description.contains("*"))
        #expect(!identity.description.contains(String(number.dropFirst(6).prefix(8))))
    }

    @Test("each kind of wrong number is refused with its reason",
          arguments: [
              ("110105194912310021", IdentityNumberError.wrongCheckCharacter),
              ("11010519490230002X", .impossibleBirthDate),
              ("110105194913310024", .impossibleBirthDate),
              ("110105203001010011", .birthDateInFuture),
              ("11010519491231002", .wrongLength(17)),
              ("11010519491231002XX", .wrongLength(19)),
              ("１１０１０５１９４９１２３１００２Ｘ", .fullWidthCharacters),
              ("11010519491231002Y", .invalidCharacters),
              ("99010519491231002X", .unknownRegion),
          ])
    func invalid(number: String, error: IdentityNumberError) {
        #expect(throws: error) { try IdentityNumber(number, today: today) }
        #expect(!error.description.isEmpty)
    }

    @Test("a birth date of today is accepted, tomorrow is not; a leap day only in leap years")
    func boundaries() throws {
        func number(_ birth: String) -> String {
            let body = "330106" + birth + "001"
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
            return body + String(Array("10X98765432")[sum % 11])
        }
        #expect(throws: Never.self) { try IdentityNumber(number("20261129"), today: today) }
        #expect(throws: IdentityNumberError.birthDateInFuture) { try IdentityNumber(number("20261130"), today: today) }
        #expect(throws: Never.self) { try IdentityNumber(number("20000229"), today: today) }
        #expect(throws: IdentityNumberError.impossibleBirthDate) { try IdentityNumber(number("19000229"), today: today) }
    }
}
