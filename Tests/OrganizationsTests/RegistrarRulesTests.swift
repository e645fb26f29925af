import Contracts
import Organizations
import Testing

@Suite("Registrar rules: credit codes, names, working days")
struct RegistrarRulesTests {
    @Test("the GB 32100 and GB 11714 checks agree with real codes", arguments: ["91440300708461136T", "914403001922038216"])
    func knownCodes(_ code: String) {
        #expect(CreditCode.check(Array(code).prefix(17)) == code.last)
    }

    @Test("an allotted code is of the civil-affairs form and passes its own validation")
    func allotted() throws {
        let code = try CreditCode(kind: .socialGroup, region: "330106", serial: 17)
        #expect(code.value == "51330106MJ0000173X")
        #expect(code.kindCode == "1" && code.regionCode == "330106")
        #expect(try CreditCode(code.value) == code)
        #expect(try CreditCode(kind: .foundation, region: "330106", serial: 1).value.hasPrefix("53330106MJ000001"))
        #expect(try CreditCode("51330106mj0000173x").value == "51330106MJ0000173X", "lower case is read as upper case")
        #expect(OrganizationRecord.example.creditCode.map { try? CreditCode($0) } != nil, "the contract's example is valid")
    }

    @Test("altered codes are refused, naming what is wrong")
    func altered() {
        let cases: [(String, CreditCodeError)] = [
            ("51330106MJ0000173", .length(17)),
            ("51330106MJ000017IX", .character),
            ("91330106MJ0000173X", .notCivilAffairs("9")),
            ("54330106MJ0000173X", .kind("4")),
            ("5133010AMJ0000173X", .region),
            ("51330106MJ0000183X", .organizationCodeCheck),
            ("51330106MJ0000173Y", .check(expected: "X")),
            ("51330107MJ0000173X", .check(expected: CreditCode.check(Array("51330107MJ0000173").prefix(17)))),
        ]
        for (text, error) in cases {
            #expect(throws: error, "\(text)") { try CreditCode(text) }
        }
        #expect(throws: CreditCodeError.serial(0)) { try CreditCode(kind: .socialGroup, region: "330106", serial: 0) }
    }

    @Test("names compare after width, spaces and punctuation are folded")
    func normalization() {
        let plain = OrganizationName("西湖区老年人体育协会")
        #expect(OrganizationName("西湖区 老年人（体育）协会").comparable == plain.comparable)
        #expect(OrganizationName("  西湖区　老年人·体育协会 ").comparable == plain.comparable, "ideographic space and middle dot")
        #expect(OrganizationName("西湖区ＡＢＣ１２３协会").comparable == OrganizationName("西湖区abc123协会").comparable)
        #expect(OrganizationName("西湖区 老年人（体育）协会").display == "西湖区 老年人（体育）协会")
        #expect(OrganizationName("西湖区老年人体育学会").comparable != plain.comparable)
    }

    @Test("suffix, forbidden-word and length rules each say which rule and which word")
    func rules() {
        let rules = NameRules(
            suffixes: ["social-group": ["协会", "学会", "商会", "促进会", "联合会"], "foundation": ["基金会"]],
            forbiddenWords: ["中国", "国家", "Ｃｈｉｎａ"])
        #expect(rules.refusal(of: OrganizationName("西湖区老年人体育协会"), kind: .socialGroup) == nil)
        #expect(rules.refusal(of: OrganizationName("西湖区社区营造促进会"), kind: .socialGroup) == nil)
        #expect(rules.refusal(of: OrganizationName("西湖区阳光养老服务中心"), kind: .privateNonEnterpriseUnit) == nil)
        #expect(rules.refusal(of: OrganizationName("西湖区老年人体育俱乐部"), kind: .socialGroup)?.rule == .suffix)
        #expect(rules.refusal(of: OrganizationName("西湖区慈善协会"), kind: .foundation)?.rule == .suffix)
        let national = rules.refusal(of: OrganizationName("中国 西湖区老年人协会"), kind: .socialGroup)
        #expect(national?.rule == .forbiddenWord && national?.word == "中国")
        let latin = rules.refusal(of: OrganizationName("西湖区china爱心协会"), kind: .socialGroup)
        #expect(latin?.rule == .forbiddenWord && latin?.word == "Ｃｈｉｎａ", "the word list is folded the same way")
        #expect(rules.refusal(of: OrganizationName("协会"), kind: .socialGroup)?.rule == .length)
    }

    @Test("deadlines count working days: weekends and holidays skipped, worked weekend days counted")
    func workingDays() {
        let holidays = Set((1...7).map { "2026-10-0\($0)" })
        var calendar = WorkingCalendar(holidays: holidays)
        #expect(calendar.adding(workingDays: 5, to: "2026-09-25") == "2026-10-09")
        #expect(calendar.adding(workingDays: 1, to: "2026-09-25") == "2026-09-28", "Friday + 1 is Monday")
        calendar.workedWeekendDays = ["2026-10-10"]
        #expect(calendar.adding(workingDays: 6, to: "2026-09-25") == "2026-10-10")
        #expect(calendar.isWorkingDay("2026-10-10") && !calendar.isWorkingDay("2026-10-01") && !calendar.isWorkingDay("2026-09-27"))
        #expect(calendar.adding(workingDays: 1, to: "2026-02-30") == nil)
    }
}
