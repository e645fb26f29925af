import CivilDomain
import CSV
import Foundation
import ServiceKit
import SQLKit

/// How an import applies its rows.
public enum ImportMode: String, Sendable, Codable, CaseIterable {
    /// Checks every row and reports; changes nothing.
    case dryRun = "dry-run"
    /// Applies the file only if every row is good.
    case allOrNothing = "all-or-nothing"
    /// Applies the good rows and reports the bad ones.
    case perRow = "per-row"
}

/// What an import did, or would do: every bad row with its line number and reason.
public struct ImportReport: Sendable, Codable {
    public struct RowError: Sendable, Codable, Equatable {
        public let line: Int
        public let reason: String
    }

    public let mode: ImportMode
    public let rows: Int
    public let applied: Bool
    public let householdsCreated: Int
    public let residentsCreated: Int
    /// Rows already in the register as given (a second import of the same file).
    public let unchanged: Int
    public let errors: [RowError]
}

/// Imports households and residents from CSV (UTF-8, with or without BOM), one resident per
/// row, grouped into households by `household_ref`, the file's own household number. The
/// reference is kept, so importing the same file again finds its households and residents and
/// changes nothing.
///
/// Columns: `household_ref`, `area_code`, `identity_number`, `name`, `relationship` (required);
/// `phone`, `disability_grade`, `left_behind_child`, `child_in_difficulty`, `institutional_care`
/// (optional; booleans as 1/0, true/false or 是/否).
public struct HouseholdImport: Sendable {
    let register: Register
    public static let requiredColumns = ["household_ref", "area_code", "identity_number", "name", "relationship"]
    public static let optionalColumns = ["phone", "disability_grade", "left_behind_child", "child_in_difficulty", "institutional_care"]

    public init(register: Register) {
        self.register = register
    }

    private struct Row: Sendable {
        let line: Int
        let householdRef: String
        let areaCode: String
        let resident: Resident
        let identity: IdentityNumber
    }

    public func run(_ data: Data, mode: ImportMode, by staff: StaffIdentity) async throws -> ImportReport {
        let (rows, errors, total) = try parse(data, by: staff)
        let database = register.database

        // Compare with the register: what exists already, what would be new.
        let (existingHouseholds, unchanged, newRows, conflicts) = try await database.withConnection { database in
            var unchanged = 0
            var newRows: [Row] = []
            var existingHouseholds: [String: String] = [:]
            var conflicts: [ImportReport.RowError] = []
            // A ref names a household within its area: two offices may both number theirs 1, 2, 3.
            let areaOfRef = Dictionary(rows.map { ($0.householdRef, $0.areaCode) }, uniquingKeysWith: { first, _ in first })
            for (ref, area) in areaOfRef {
                if let row = try await database.select().column("id").from("households")
                    .where("import_ref", .equal, SQLBind(ref)).where("area_code", .equal, SQLBind(area)).first() {
                    existingHouseholds[ref] = try row.decode(column: "id", as: String.self)
                }
            }
            for row in rows {
                if let existing = try await database.select().columns("id", "household_id").from("residents")
                    .where("identity_number", .equal, SQLBind(row.identity.value)).first() {
                    if let household = existingHouseholds[row.householdRef],
                       try existing.decode(column: "household_id", as: String.self) == household {
                        unchanged += 1
                    } else {
                        conflicts.append(.init(
                            line: row.line,
                            reason: "identity_number is already registered as \(try existing.decode(column: "id", as: String.self)) in another household"))
                    }
                } else {
                    newRows.append(row)
                }
            }
            return (existingHouseholds, unchanged, newRows, conflicts)
        }
        let rowErrors = (errors + conflicts).sorted { $0.line < $1.line }
        let badLines = Set(rowErrors.map(\.line))
        let toApply = newRows.filter { !badLines.contains($0.line) }
        let newHouseholds = Set(toApply.map(\.householdRef)).subtracting(existingHouseholds.keys)
        let apply = mode == .perRow || (mode == .allOrNothing && rowErrors.isEmpty)
        guard apply, !toApply.isEmpty else {
            return ImportReport(
                mode: mode, rows: total, applied: false, householdsCreated: mode == .dryRun ? newHouseholds.count : 0,
                residentsCreated: mode == .dryRun ? toApply.count : 0, unchanged: unchanged, errors: rowErrors)
        }
        let households = existingHouseholds
        try await database.transaction { database in
            var householdIDs = households
            let now = register.clock.now
            for ref in newHouseholds.sorted() {
                let id = HouseholdDesk.newHouseholdID()
                let areaCode = toApply.first { $0.householdRef == ref }!.areaCode
                try await register.households.insert(id, areaCode: areaCode, importRef: ref, by: staff, at: now, in: database)
                householdIDs[ref] = id
            }
            for row in toApply {
                let resident = row.resident.moved(to: householdIDs[row.householdRef]!)
                _ = try await register.insert(resident, identity: row.identity, in: database)
            }
            for ref in Set(toApply.map(\.householdRef)) where households[ref] != nil {
                try await LifeEvents.householdChanged(households[ref]!, today: register.clock.today, at: now, in: database)
            }
            for ref in Set(toApply.map(\.householdRef)) {
                try await register.households.publish(householdIDs[ref]!, in: database)
            }
        }
        return ImportReport(
            mode: mode, rows: total, applied: true, householdsCreated: newHouseholds.count,
            residentsCreated: toApply.count, unchanged: unchanged, errors: rowErrors)
    }

    /// Reads and checks every row on its own and against the other rows of the file.
    private func parse(_ data: Data, by staff: StaffIdentity) throws -> ([Row], [ImportReport.RowError], Int) {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = data.starts(with: bom) ? data.dropFirst(3) : data[...]
        guard let text = String(data: Data(body), encoding: .utf8) else {
            throw InvalidInput("the file is not UTF-8 text")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        } catch {
            throw InvalidInput("the file is not CSV")
        }
        let header = reader.headerRow ?? []
        let missing = Self.requiredColumns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw InvalidInput("the header lacks the column(s) \(missing.joined(separator: ", "))",
                                      fields: Dictionary(uniqueKeysWithValues: missing.map { ($0, "missing column") }))
        }
        let unknown = header.filter { !Self.requiredColumns.contains($0) && !Self.optionalColumns.contains($0) }
        guard unknown.isEmpty else { throw ImportError.unknownColumns(unknown) }

        var rows: [Row] = []
        var errors: [ImportReport.RowError] = []
        var seenNumbers: [String: Int] = [:]
        var areaOfRef: [String: (String, Int)] = [:]
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.allSatisfy(\.isEmpty) { continue }
            func field(_ name: String) -> String { reader[name] ?? "" }
            func flag(_ name: String) throws(InvalidInput) -> Bool? {
                switch field(name).lowercased() {
                case "": nil
                case "1", "true", "是", "yes": true
                case "0", "false", "否", "no": false
                default: throw InvalidInput("\(name) must be 1/0, true/false or 是/否")
                }
            }
            do {
                let ref = field("household_ref")
                guard !ref.isEmpty else { throw InvalidInput("household_ref is empty") }
                let area = field("area_code")
                guard register.areas.residentialArea(area) != nil else {
                    throw InvalidInput("area_code '\(area)' is not a community or village of this district")
                }
                if let (firstArea, firstLine) = areaOfRef[ref], firstArea != area {
                    throw InvalidInput("household \(ref) is in area \(firstArea) on line \(firstLine)")
                }
                areaOfRef[ref] = areaOfRef[ref] ?? (area, line)
                let grade = field("disability_grade")
                guard grade.isEmpty || Int(grade) != nil else { throw InvalidInput("disability_grade must be 1 to 4") }
                let registration = ResidentRegistration(
                    identityNumber: field("identity_number"), name: field("name"),
                    phone: field("phone").isEmpty ? nil : field("phone"), householdId: "", relationship: field("relationship"),
                    disabilityGrade: Int(grade), leftBehindChild: try flag("left_behind_child"),
                    childInDifficulty: try flag("child_in_difficulty"), institutionalCare: try flag("institutional_care"))
                guard !registration.relationship.isEmpty else { throw InvalidInput("relationship is empty") }
                let (resident, identity) = try register.validated(registration, by: staff)
                if let first = seenNumbers[identity.value] {
                    throw InvalidInput("identity_number repeats line \(first)")
                }
                seenNumbers[identity.value] = line
                rows.append(Row(line: line, householdRef: ref, areaCode: area, resident: resident, identity: identity))
            } catch let invalid as InvalidInput {
                errors.append(.init(line: line, reason: invalid.message))
            }
        }
        return (rows, errors, line - 1)
    }
}

extension Resident {
    func moved(to householdId: String) -> Resident {
        Resident(
            residentId: residentId, personId: personId, identityNumberMasked: identityNumberMasked, name: name, sex: sex,
            birthDate: birthDate, phone: phone, householdId: householdId, relationship: relationship,
            disabilityGrade: disabilityGrade, leftBehindChild: leftBehindChild, childInDifficulty: childInDifficulty,
            institutionalCare: institutionalCare, registeredBy: registeredBy, registeredAt: registeredAt)
    }
}
