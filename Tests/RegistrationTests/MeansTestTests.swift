import CivilDomain
import Registration
import Testing

@Suite("Dibao means test in fen")
struct MeansTestTests {
    let standards = MeansTest.Standards(urbanFen: 124_500, ruralFen: 98_000)

    @Test("urban: income per member below the standard gives the top-up for every member")
    func urban() throws {
        let test = try MeansTest(householdMonthlyIncomeFen: 150_000, members: 3, standardFen: standards.standard(for: .urban))
        #expect(test.incomePerMemberFen == 50_000)
        #expect(test.qualifies)
        #expect(test.monthlyTopUpFen == (124_500 - 50_000) * 3)
    }

    @Test("rural households are measured against the rural standard")
    func rural() throws {
        let test = try MeansTest(householdMonthlyIncomeFen: 100_000, members: 1, standardFen: standards.standard(for: .rural))
        #expect(!test.qualifies)
        #expect(test.monthlyTopUpFen == 0)
        let poorer = try MeansTest(householdMonthlyIncomeFen: 97_999, members: 1, standardFen: standards.standard(for: .rural))
        #expect(poorer.qualifies && poorer.monthlyTopUpFen == 1)
    }

    @Test("income per member is rounded half up to the fen", arguments: [
        (100_001, 3, 33_334),  // 33,333.67
        (100_000, 3, 33_333),  // 33,333.33
        (5, 2, 3),             // 2.5 rounds up
        (0, 4, 0),
    ])
    func rounding(income: Int, members: Int, perMember: Int) throws {
        let test = try MeansTest(householdMonthlyIncomeFen: income, members: members, standardFen: 124_500)
        #expect(test.incomePerMemberFen == perMember)
        #expect(test.monthlyTopUpFen == (124_500 - perMember) * members)
    }

    @Test("an income near the 64-bit limit is computed, not a crash; an impossible top-up is refused")
    func extremes() throws {
        let rich = try MeansTest(householdMonthlyIncomeFen: 4_611_686_018_427_387_904, members: 3, standardFen: 124_500)
        #expect(!rich.qualifies && rich.incomePerMemberFen == 1_537_228_672_809_129_301 && rich.monthlyTopUpFen == 0)
        #expect(throws: Fen.Overflow.self) { try MeansTest(householdMonthlyIncomeFen: 0, members: 2, standardFen: Int.max) }
    }

    @Test("exactly at the standard does not qualify")
    func boundary() throws {
        #expect(try !MeansTest(householdMonthlyIncomeFen: 249_000, members: 2, standardFen: 124_500).qualifies)
        #expect(try MeansTest(householdMonthlyIncomeFen: 248_998, members: 2, standardFen: 124_500).monthlyTopUpFen == 2)
    }
}
