import Registration
import Testing

@Suite("Dibao means test in fen")
struct MeansTestTests {
    let standards = MeansTest.Standards(urbanFen: 124_500, ruralFen: 98_000)

    @Test("urban: income per member below the standard gives the top-up for every member")
    func urban() {
        let test = MeansTest(householdMonthlyIncomeFen: 150_000, members: 3, standardFen: standards.standard(for: .urban))
        #expect(test.incomePerMemberFen == 50_000)
        #expect(test.qualifies)
        #expect(test.monthlyTopUpFen == (124_500 - 50_000) * 3)
    }

    @Test("rural households are measured against the rural standard")
    func rural() {
        let test = MeansTest(householdMonthlyIncomeFen: 100_000, members: 1, standardFen: standards.standard(for: .rural))
        #expect(!test.qualifies)
        #expect(test.monthlyTopUpFen == 0)
        let poorer = MeansTest(householdMonthlyIncomeFen: 97_999, members: 1, standardFen: standards.standard(for: .rural))
        #expect(poorer.qualifies && poorer.monthlyTopUpFen == 1)
    }

    @Test("income per member is rounded half up to the fen", arguments: [
        (100_001, 3, 33_334),  // 33,333.67
        (100_000, 3, 33_333),  // 33,333.33
        (5, 2, 3),             // 2.5 rounds up
        (0, 4, 0),
    ])
    func rounding(income: Int, members: Int, perMember: Int) {
        let test = MeansTest(householdMonthlyIncomeFen: income, members: members, standardFen: 124_500)
        #expect(test.incomePerMemberFen == perMember)
        #expect(test.monthlyTopUpFen == (124_500 - perMember) * members)
    }

    @Test("exactly at the standard does not qualify")
    func boundary() {
        #expect(!MeansTest(householdMonthlyIncomeFen: 249_000, members: 2, standardFen: 124_500).qualifies)
        #expect(MeansTest(householdMonthlyIncomeFen: 248_998, members: 2, standardFen: 124_500).monthlyTopUpFen == 2)
    }
}
