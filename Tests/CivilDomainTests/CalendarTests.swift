import CivilDomain
import Foundation
import Testing

@Suite("Months, dates and the bureau's clock")
struct CalendarTests {
    @Test("months parse only as YYYY-MM in ASCII digits", arguments: [
        ("2026-12", true), ("2026-00", false), ("2026-13", false), ("0000-01", false), ("2026-1", false),
        ("２０２６-01", false), ("2026-01 ", false), ("202６-01", false), ("9999-12", true),
    ])
    func monthParsing(text: String, valid: Bool) {
        #expect((Month(text) != nil) == valid)
    }

    @Test("months step across years and stop at the ends of the range")
    func monthSteps() {
        #expect(Month("2026-12")?.next?.description == "2027-01")
        #expect(Month("2027-01")?.previous?.description == "2026-12")
        #expect(Month("9999-12")?.next == nil)
        #expect(Month("0001-01")?.previous == nil)
        #expect(Month("2026-02")! < Month("2026-10")!)
    }

    @Test("dates are real days", arguments: [
        ("2024-02-29", true), ("2026-02-29", false), ("2026-04-31", false), ("2026-12-06", true), ("2026-12-6", false),
    ])
    func dateParsing(text: String, valid: Bool) {
        #expect((CivilDate(text) != nil) == valid)
    }

    @Test("a year after 29 February is 28 February; ages count whole years")
    func dateArithmetic() throws {
        let leap = try #require(CivilDate("2024-02-29"))
        #expect(leap.adding(years: 1)?.description == "2025-02-28")
        #expect(leap.adding(days: 1)?.description == "2024-03-01")
        #expect(CivilDate("9999-12-31")?.adding(days: 1) == nil)
        #expect(leap.adding(years: Int.max) == nil)
        let birth = try #require(CivilDate("1940-06-15"))
        #expect(birth.age(on: CivilDate("2026-06-14")!) == 85)
        #expect(birth.age(on: CivilDate("2026-06-15")!) == 86)
    }

    @Test("months, dates and area codes travel as their text, and a wrong text is refused when read")
    func textForms() throws {
        let data = try JSONEncoder().encode([Month("2026-12")!])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-12"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: Data(#"["2024-02-29"]"#.utf8)) == [CivilDate("2024-02-29")!])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Month].self, from: Data(#"["2026-13"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([AreaCode].self, from: Data(#"["３３０１０６"]"#.utf8)) }
    }

    @Test("today is the day in Asia/Shanghai, not in the server's zone")
    func todayInShanghai() {
        // 2026-12-31 17:30 UTC is 2027-01-01 01:30 in Shanghai.
        let clock = BureauClock.fixed(Date(timeIntervalSince1970: 1_798_738_200))
        #expect(clock.today.description == "2027-01-01")
        #expect(clock.thisMonth.description == "2027-01")
        #expect(BureauClock.fixed(CivilDate("2026-03-01")!).today.description == "2026-03-01")
    }
}
