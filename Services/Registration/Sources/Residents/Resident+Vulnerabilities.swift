import CivilDomain
import Contracts

extension Resident {
    /// The flags the alert service and analysts use; ages are counted in the bureau's time zone.
    func vulnerabilities(on today: CivilDate, householdSize: Int, dibaoHousehold: Bool = false) -> [Vulnerability] {
        let age = age(on: today)
        var flags: [Vulnerability] = []
        if age >= 60 { flags.append(.aged60Plus) }
        if age >= 80 { flags.append(.aged80Plus) }
        if (85...89).contains(age) { flags.append(.aged85To89) }
        if householdSize == 1 { flags.append(.livingAlone) }
        if disabilityGrade != nil { flags.append(.disability) }
        if leftBehindChild { flags.append(.leftBehindChild) }
        if childInDifficulty { flags.append(.childInDifficulty) }
        if institutionalCare { flags.append(.institutionalCare) }
        if dibaoHousehold { flags.append(.dibaoHousehold) }
        return flags
    }

    /// Age in whole years on `today`; 0 for a birth date the register could not read.
    func age(on today: CivilDate) -> Int {
        CivilDate(birthDate)?.age(on: today) ?? 0
    }
}
